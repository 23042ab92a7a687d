import { KafkaPublishError, type LogRecord } from '@daytwo/core';
import { KeyedPublisher, takeGroup, type OutgoingBatch } from './keyed-publisher';
import type { DeadLetterDraft } from './record-builder';

const record = (id: string): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2024-05-01T00:00:00Z',
  message: id,
  log: { file: { path: '/p/0.log' }, offset: 0 },
  event: { id },
});

/** Records what was sent; `failures` decides, per call, what to throw. */
class RecordingSink {
  sent: string[][] = [];
  deadLetters: DeadLetterDraft[] = [];
  constructor(private readonly failures: (ids: string[], call: number) => Error | undefined = () => undefined) {}
  private calls = 0;
  publishRecords(_topic: string, _kind: 'log', key: string, records: readonly LogRecord[]): Promise<void> {
    const ids = records.map((r) => r.event.id);
    const failure = this.failures(ids, this.calls++);
    if (failure) return Promise.reject(failure);
    this.sent.push([key, ...ids]);
    return Promise.resolve();
  }
  publish(inputs: readonly DeadLetterDraft[]): Promise<void> {
    this.deadLetters.push(...inputs);
    return Promise.resolve();
  }
}

function setup(sink: RecordingSink) {
  const acked: string[] = [];
  const publisher = new KeyedPublisher(sink, sink, {
    topic: 't',
    maxRecordsPerSend: 3,
    retryInitialMs: 1,
    retryMaxMs: 2,
  });
  const batch = (key: string, ...ids: string[]): OutgoingBatch => ({
    key,
    records: ids.map(record),
    deadLetters: [],
    onAcked: () => acked.push(ids.join('+') || 'empty'),
  });
  return { publisher, acked, batch };
}

describe('KeyedPublisher', () => {
  it('sends one batch per key at a time and the batches queued meanwhile together, in order', async () => {
    const sink = new RecordingSink();
    const { publisher, acked, batch } = setup(sink);
    for (const b of [batch('a', '1'), batch('a', '2'), batch('b', '3'), batch('a', '4', '5'), batch('a', '6')]) {
      publisher.enqueue(b);
    }
    await publisher.drain();
    expect(sink.sent).toEqual([
      ['a', '1'],
      ['b', '3'],
      ['a', '2', '4', '5'],
      ['a', '6'],
    ]);
    expect(acked).toEqual(['1', '3', '2', '4+5', '6']);
    expect(publisher.pending).toBe(0);
  });

  it('retries transient failures until Kafka acknowledges', async () => {
    const down = new KafkaPublishError('broker down', 't', true);
    const sink = new RecordingSink((_ids, call) => (call < 3 ? down : undefined));
    const { publisher, acked, batch } = setup(sink);
    publisher.enqueue(batch('a', '1', '2'));
    await publisher.drain();
    expect([sink.sent, acked]).toEqual([[['a', '1', '2']], ['1+2']]);
  });

  it('a send refused for good is retried record by record; the refused record is dead-lettered', async () => {
    const tooLarge = new KafkaPublishError('message too large', 't', false);
    const sink = new RecordingSink((ids) => (ids.includes('big') ? tooLarge : undefined));
    const { publisher, acked, batch } = setup(sink);
    publisher.enqueue(batch('a', '1', 'big', '3'));
    await publisher.drain();
    expect(sink.sent).toEqual([
      ['a', '1'],
      ['a', '3'],
    ]);
    expect(sink.deadLetters).toEqual([
      expect.objectContaining({ reason: 'publish_rejected', recordId: 'big', error: tooLarge }),
    ]);
    expect(acked).toEqual(['1+big+3']);
  });
});

describe('takeGroup', () => {
  const b = (n: number): OutgoingBatch => ({
    key: 'k',
    records: Array(n).fill(record('x')),
    deadLetters: [],
    onAcked() {},
  });
  it.each<[string, number[], number, number]>([
    ['up to the limit', [1, 1, 1, 1], 3, 3],
    ['at least one batch, however large', [10, 1], 3, 1],
    ['batches without records ride along', [0, 2, 0, 1, 5], 3, 4],
  ])('%s', (_name, sizes, max, taken) => {
    const queue = sizes.map(b);
    expect(takeGroup(queue, max)).toHaveLength(taken);
    expect(queue).toHaveLength(sizes.length - taken);
  });
});
