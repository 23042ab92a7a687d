import { Registry, Gauge } from 'prom-client';
import type { ConsumedRecord } from '@daytwo/core';
import { RetryAbortedError } from '../retry/backoff';
import type { RequestWriter } from './request-writer';
import { seriesIdentity } from './series';
import { Shard } from './shard';
import { WriteTicket, type QueuedSample } from './write-ticket';

const series = seriesIdentity([{ name: '__name__', value: 'up' }]);

function samples(ticket: WriteTicket, times: number[], enqueuedAt = 0): QueuedSample[] {
  ticket.expect(times.length);
  return times.map((timestamp) => ({
    series,
    scope: 't:0',
    timestamp,
    offset: timestamp,
    bits: { low: 0, high: 0 },
    stale: false,
    enqueuedAt,
    ticket,
    record: {} as ConsumedRecord,
  }));
}

/** A writer that records each request's timestamps and settles them, or fails with `error`. */
function recordingWriter(error?: Error) {
  const requests: number[][] = [];
  const writer = {
    write: (taken: readonly QueuedSample[]) => {
      requests.push(taken.map((s) => s.timestamp));
      if (error) return Promise.reject(error);
      for (const s of taken) s.ticket.settleWritten();
      return Promise.resolve();
    },
  } as unknown as RequestWriter;
  return { writer, requests };
}

function shard(writer: RequestWriter, abort: AbortController, maxDelayMs = 0, now?: () => number) {
  const queueSamples = new Gauge({ name: 'q', help: 'q', labelNames: ['shard'], registers: [new Registry()] });
  return new Shard({
    index: 0,
    writer,
    maxSamples: 2,
    maxDelayMs,
    queueSamples,
    logger: console,
    signal: abort.signal,
    now,
  });
}

describe('Shard', () => {
  it('writes full requests one after another in arrival order', async () => {
    const { writer, requests } = recordingWriter();
    const abort = new AbortController();
    const lane = shard(writer, abort);
    const ticket = new WriteTicket();
    lane.enqueue(samples(ticket, [1, 2, 3, 4, 5]));
    await ticket.done;
    expect(requests).toEqual([[1, 2], [3, 4], [5]]);
    expect(ticket.written).toBe(5);
    await lane.stop();
  });

  it('holds a partial request until the oldest sample waited maxDelayMs, but not when stopping', async () => {
    const { writer, requests } = recordingWriter();
    const lane = shard(writer, new AbortController(), 60_000, () => 0);
    const ticket = new WriteTicket();
    lane.enqueue(samples(ticket, [7]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toEqual([]);
    await lane.stop();
    await ticket.done;
    expect(requests).toEqual([[7]]);
  });

  it('fails the batches it cannot finish once stopping, and everything enqueued later', async () => {
    const { writer } = recordingWriter(new RetryAbortedError('stopping'));
    const abort = new AbortController();
    const lane = shard(writer, abort);
    const first = new WriteTicket();
    lane.enqueue(samples(first, [1, 2, 3]));
    await expect(first.done).rejects.toBeInstanceOf(RetryAbortedError);
    const later = new WriteTicket();
    lane.enqueue(samples(later, [4]));
    await expect(later.done).rejects.toBeInstanceOf(RetryAbortedError);
    abort.abort();
    await lane.stop();
  });
});
