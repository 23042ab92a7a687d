import type { KafkaMessage } from 'kafkajs';
import type { RecordKind } from '../wire/envelope';
import { encodeEnvelope } from '../wire/envelope';
import { decodeMessage } from './message-decode';

const log = (id: string) => ({
  schema_version: 1 as const,
  '@timestamp': '2026-01-01T00:00:00Z',
  message: 'm',
  event: { id },
});

function message(value: Buffer | null, key: Buffer | null = Buffer.from('pod-1')): KafkaMessage {
  return { key, value, timestamp: '1700000000000', attributes: 0, offset: '17', headers: { h: Buffer.from('v') } };
}

describe('decodeMessage', () => {
  it('returns the records with their ids and origin', () => {
    const decoded = decodeMessage('t', 3, message(encodeEnvelope('log', [log('a'), log('b')])));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.records.map((r) => [r.kind, r.id])).toEqual([
      ['log', 'a'],
      ['log', 'b'],
    ]);
    expect(decoded.records[0]!.origin).toEqual({
      topic: 't',
      partition: 3,
      offset: '17',
      key: 'pod-1',
      headers: { h: Buffer.from('v') },
      timestamp: '1700000000000',
    });
  });

  it('keeps a null key as null', () => {
    const decoded = decodeMessage('t', 0, message(encodeEnvelope('log', []), null));
    expect(decoded.origin.key).toBeNull();
  });

  it.each<[string, Buffer | null, readonly RecordKind[] | undefined, string, RegExp]>([
    ['no value', null, undefined, 'envelope_invalid', /no value/],
    ['not JSON', Buffer.from('{"v":1,'), undefined, 'envelope_invalid', /not JSON/],
    ['binary', Buffer.from([0xff, 0xfe, 0x00]), undefined, 'envelope_invalid', /not JSON/],
    ['unknown version', Buffer.from('{"v":99,"kind":"log","records":[]}'), undefined, 'envelope_invalid', /version/],
    ['unknown kind', Buffer.from('{"v":1,"kind":"trace","records":[]}'), undefined, 'envelope_invalid', /kind/],
    ['unexpected kind', encodeEnvelope('log', [log('a')]), ['metric'], 'kind_unexpected', /log is not one of metric/],
  ])('dead-letters %s', (_name, value, kinds, reason, error) => {
    const decoded = decodeMessage('t', 0, message(value), kinds);
    expect(decoded).toMatchObject({ ok: false, reason, raw: value });
    if (!decoded.ok) expect(decoded.error).toMatch(error);
  });
});
