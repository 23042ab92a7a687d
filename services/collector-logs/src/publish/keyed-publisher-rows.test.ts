import { KafkaPublishError, LogRowWriter, type LogRecord, type LogRows } from '@daytwo/core';
import { KeyedPublisher, type OutgoingBatch, type RecordSink } from './keyed-publisher';
import type { DeadLetterDraft } from './record-builder';

const common = { schema_version: 1 as const, log: { file: { path: '/p/0.log' } } };

function rows(...ids: string[]): LogRows {
  const writer = new LogRowWriter(common);
  for (const id of ids) writer.append({ id, offset: Number(id.replace(/\D/g, '') || 0), timestamp: 't', message: id });
  return writer.take();
}

/** A sink that takes rows (like RecordProducer) or only records; `refuse` ids fail for good. */
class Sink implements RecordSink {
  sent: string[][] = [];
  deadLetters: DeadLetterDraft[] = [];
  publishLogRows?: (topic: string, key: string, rows: readonly LogRows[]) => Promise<unknown>;

  constructor(
    takesRows: boolean,
    private readonly refuse: readonly string[] = [],
  ) {
    if (takesRows) {
      this.publishLogRows = (_topic, key, parts) =>
        this.take(
          key,
          'rows',
          parts.flatMap((p) => [...p]),
        );
    }
  }

  publishRecords(_topic: string, _kind: 'log', key: string, records: readonly LogRecord[]): Promise<unknown> {
    return this.take(key, 'records', records);
  }

  publish(inputs: readonly DeadLetterDraft[]): Promise<void> {
    this.deadLetters.push(...inputs);
    return Promise.resolve();
  }

  private take(key: string, as: string, records: readonly LogRecord[]): Promise<unknown> {
    const ids = records.map((r) => r.event.id);
    if (ids.some((id) => this.refuse.includes(id))) {
      return Promise.reject(new KafkaPublishError('message too large', 't', false));
    }
    this.sent.push([key, as, ...ids]);
    return Promise.resolve();
  }
}

function publisher(sink: Sink) {
  const acked: string[] = [];
  const p = new KeyedPublisher(sink, sink, { topic: 't', maxRecordsPerSend: 10, retryInitialMs: 1, retryMaxMs: 2 });
  const batch = (key: string, records: OutgoingBatch['records'], name: string): OutgoingBatch => ({
    key,
    records,
    deadLetters: [],
    onAcked: () => acked.push(name),
  });
  return { p, acked, batch };
}

describe('KeyedPublisher with encoded rows', () => {
  it.each<[string, boolean, string]>([
    ['a sink that takes rows gets them as rows', true, 'rows'],
    ['a sink that takes records gets them decoded', false, 'records'],
  ])('%s', async (_name, takesRows, as) => {
    const sink = new Sink(takesRows);
    const { p, acked, batch } = publisher(sink);
    p.enqueue(batch('k', rows('r1'), 'a'));
    p.enqueue(batch('k', rows('r2', 'r3'), 'b'));
    p.enqueue(batch('k', [], 'c'));
    await p.drain();
    // The first batch goes alone (nothing was queued yet), the ones queued meanwhile together.
    expect(sink.sent).toEqual([
      ['k', as, 'r1'],
      ['k', as, 'r2', 'r3'],
    ]);
    expect(acked).toEqual(['a', 'b', 'c']);
  });

  it('mixes record batches and row batches of one key by sending records', async () => {
    const sink = new Sink(true);
    const { p, batch } = publisher(sink);
    p.enqueue(batch('k', rows('r0'), 'first'));
    p.enqueue(batch('k', rows('r1'), 'rows'));
    p.enqueue(batch('k', [...rows('r2')], 'records'));
    await p.drain();
    expect(sink.sent).toEqual([
      ['k', 'rows', 'r0'],
      ['k', 'records', 'r1', 'r2'],
    ]);
  });

  it('a row Kafka refuses for good is dead-lettered as its record, the others are sent one by one', async () => {
    const sink = new Sink(true, ['r2']);
    const { p, acked, batch } = publisher(sink);
    p.enqueue(batch('k', rows('r1', 'r2', 'r3'), 'a'));
    await p.drain();
    expect(sink.sent).toEqual([
      ['k', 'rows', 'r1'],
      ['k', 'rows', 'r3'],
    ]);
    expect(sink.deadLetters).toEqual([
      expect.objectContaining({
        reason: 'publish_rejected',
        recordId: 'r2',
        source: { topic: 'file:/p/0.log', partition: 0, offset: '2' },
        raw: expect.objectContaining({ message: 'r2', event: { id: 'r2' } }) as unknown,
      }),
    ]);
    expect(acked).toEqual(['a']);
  });

  it('releases the rows of a batch once Kafka acknowledged them, before the batch counts as acknowledged', async () => {
    let acknowledge!: () => void;
    const sink = new Sink(true);
    sink.publishLogRows = () => new Promise<void>((resolve) => (acknowledge = resolve));
    const { p, batch } = publisher(sink);
    const part = rows('r1');
    const events: string[] = [];
    jest.spyOn(part, 'release').mockImplementation(() => events.push('released'));
    p.enqueue({ ...batch('k', part, 'a'), onAcked: () => events.push('acked') });
    await new Promise(setImmediate);
    expect(events).toEqual([]);
    acknowledge();
    await p.drain();
    expect(events).toEqual(['released', 'acked']);
  });

  it('never releases rows that were not acknowledged (closed while retrying)', async () => {
    const sink = new Sink(true);
    sink.publishLogRows = () => Promise.reject(new Error('broker down'));
    const { p, acked, batch } = publisher(sink);
    const part = rows('r1');
    const release = jest.spyOn(part, 'release');
    p.enqueue(batch('k', part, 'a'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(release).not.toHaveBeenCalled();
    expect(acked).toEqual([]);
  });
});
