import type { RecordMetadata } from 'kafkajs';
import {
  buildDeadLetterEntry,
  DeadLetterEntry,
  DeadLetterPublisher,
  deadLetterMessage,
  type DeadLetterInput,
} from './dead-letter';
import type { MessageSender, OutgoingMessage } from './producer';

const source = { topic: 'daytwo.logs.raw', partition: 2, offset: '41' };
const now = new Date('2026-03-04T05:06:07.000Z');
const cyclic: Record<string, unknown> = { a: 1 };
cyclic['self'] = cyclic;

function input(raw: DeadLetterInput['raw'], extra: Partial<DeadLetterInput> = {}): DeadLetterInput {
  return { reason: 'envelope_invalid', error: new Error('bad json'), stage: 'processor', source, raw, ...extra };
}

describe('buildDeadLetterEntry', () => {
  it.each<[string, DeadLetterInput['raw'], Partial<DeadLetterEntry>]>([
    ['utf-8 bytes', Buffer.from('{"v":1,'), { raw: '{"v":1,', raw_encoding: 'utf8', raw_bytes: 7 }],
    ['binary bytes', Buffer.from([0xff, 0x00, 0xfe]), { raw: '/wD+', raw_encoding: 'base64', raw_bytes: 3 }],
    ['text', 'héllo', { raw: 'héllo', raw_encoding: 'utf8', raw_bytes: 6 }],
    ['parsed record', { event: { id: 'x' } }, { raw: '{"event":{"id":"x"}}', raw_encoding: 'json' }],
    ['no value', null, { raw: '', raw_encoding: 'utf8', raw_bytes: 0 }],
    ['cyclic object', cyclic, { raw_encoding: 'utf8' }],
  ])('keeps the raw record: %s', (_name, raw, expected) => {
    const entry = buildDeadLetterEntry(input(raw), now);
    expect(entry).toMatchObject({ ...expected, raw_truncated: false });
    expect(DeadLetterEntry.parse(entry)).toEqual(entry);
  });

  it.each<[string, DeadLetterInput['raw'], string, DeadLetterEntry['raw_encoding']]>([
    ['text', 'abcdefghij', 'abcd', 'utf8'],
    ['binary', Buffer.from([0xff, 1, 2, 3, 4, 5]), Buffer.from([0xff, 1, 2, 3]).toString('base64'), 'base64'],
    ['json (no longer valid json)', { message: 'abcdefgh' }, '{"me', 'utf8'],
  ])('truncates oversized %s', (_name, raw, kept, encoding) => {
    const entry = buildDeadLetterEntry(input(raw), now, 4);
    expect(entry).toMatchObject({ raw: kept, raw_encoding: encoding, raw_truncated: true });
    expect(entry.raw_bytes).toBeGreaterThan(4);
  });

  it.each<[unknown, string]>([
    [new TypeError('boom'), 'boom'],
    ['plain text', 'plain text'],
    [{ code: 7 }, '{"code":7}'],
    [undefined, 'undefined'],
  ])('turns error %p into text', (error, text) => {
    expect(buildDeadLetterEntry(input('x', { error }), now).error).toBe(text);
  });

  it('records reason, stage, source, id and time', () => {
    const entry = buildDeadLetterEntry(input('x', { recordId: 'rec-1' }), now);
    expect(entry).toMatchObject({
      reason: 'envelope_invalid',
      stage: 'processor',
      source,
      record_id: 'rec-1',
      timestamp: '2026-03-04T05:06:07.000Z',
    });
  });
});

describe('deadLetterMessage', () => {
  it.each([
    ['rec-9', 'rec-9'],
    [undefined, 'daytwo.logs.raw:2:41'],
  ])('record id %p gives key %p', (recordId, key) => {
    const entry = buildDeadLetterEntry(input('x', { recordId }), now);
    expect(deadLetterMessage(entry).key).toBe(key);
  });

  it('carries the trace headers of the source message and nothing else', () => {
    const entry = buildDeadLetterEntry(input('x'), now);
    const message = deadLetterMessage(entry, { traceparent: Buffer.from('tp'), tracestate: 's', other: 'o' });
    expect(message.headers).toEqual({ traceparent: Buffer.from('tp'), tracestate: 's' });
    expect(JSON.parse(message.value.toString())).toEqual(entry);
  });
});

describe('DeadLetterPublisher', () => {
  it('sends one message per entry to its topic, stamped with its stage', async () => {
    const sent: Array<[string, readonly OutgoingMessage[]]> = [];
    const sender: MessageSender = {
      send: (topic, messages) => {
        sent.push([topic, messages]);
        return Promise.resolve([] as RecordMetadata[]);
      },
    };
    const publisher = new DeadLetterPublisher(sender, { topic: 'dlq', stage: 'sink' });
    const entries = await publisher.publish([
      { reason: 'r1', error: 'e1', source, raw: 'a' },
      { reason: 'r2', error: 'e2', source, raw: 'b', recordId: 'id-2' },
    ]);
    expect(entries.map((e) => e.stage)).toEqual(['sink', 'sink']);
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe('dlq');
    expect(sent[0]![1].map((m) => m.key)).toEqual(['daytwo.logs.raw:2:41', 'id-2']);
  });
});
