import type { MetricSample } from '@daytwo/core';
import { queryInstant, remoteWrite, waitForPrometheus, type InstantVectorItem } from '../support/prometheus';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

const sample = (name: string, value: number, timestamp: number, over: Partial<MetricSample> = {}): MetricSample => ({
  schema_version: 1,
  id: `${name}-${timestamp}`,
  name,
  labels: { job: 'daytwo-it', instance: 'it:0', zone: 'a' },
  value,
  timestamp,
  type: 'gauge',
  ...over,
});

/** Polls until the query returns a non-empty vector (remote-written samples are queryable after commit). */
const queryPresent = (expr: string, timeMs: number): Promise<InstantVectorItem[]> =>
  waitFor(
    async () => {
      const result = await queryInstant(expr, timeMs);
      return result.length > 0 ? result : undefined;
    },
    { timeoutMs: 15_000, what: `${expr} in Prometheus` },
  );

describe('Prometheus remote-write receiver (real server)', () => {
  beforeAll(() => waitForPrometheus());

  it('stores a remote-written sample with its labels and value', async () => {
    const name = uniqueName('daytwo_it');
    const now = Date.now();
    const written = await remoteWrite([sample(name, 42.25, now)]);
    expect(written).toEqual({ status: 204, body: '' });

    const result = await queryPresent(name, now);
    expect(result).toEqual([
      { metric: { __name__: name, job: 'daytwo-it', instance: 'it:0', zone: 'a' }, value: [now / 1000, '42.25'] },
    ]);
  });

  // Prometheus 2.42 answers 400 with the text `out of order sample` for a sample older than the newest one of its
  // series, so a client must not retry it. The whole request is rolled back: the good samples in it are not stored.
  it('rejects an out-of-order sample with 400 and stores nothing of that request', async () => {
    const name = uniqueName('daytwo_it');
    const other = uniqueName('daytwo_it');
    const now = Date.now();
    expect((await remoteWrite([sample(name, 1, now)])).status).toBe(204);
    await queryPresent(name, now);

    // The good series comes first, so it is appended before the bad sample fails the request.
    const rejected = await remoteWrite([sample(other, 3, now), sample(name, 2, now - 60_000)]);
    expect(rejected.status).toBe(400);
    expect(rejected.body).toContain('out of order sample');

    expect(await queryInstant(other, now)).toEqual([]);
    expect((await queryInstant(name, now)).map((r) => r.value[1])).toEqual(['1']);
  });

  it('ends a series at a staleness marker (exact StaleNaN bits reach the server)', async () => {
    const name = uniqueName('daytwo_it');
    const now = Date.now();
    const written = await remoteWrite([sample(name, 7, now), sample(name, 0, now + 1000, { stale: true })]);
    expect(written.status).toBe(204);

    expect((await queryPresent(name, now + 500)).map((r) => r.value[1])).toEqual(['7']);
    // A plain NaN would be returned as the value "NaN"; a StaleNaN makes the series absent.
    expect(await queryInstant(name, now + 2000)).toEqual([]);
    expect(await queryInstant(`count_over_time(${name}[1m])`, now + 2000)).toEqual([
      { metric: { job: 'daytwo-it', instance: 'it:0', zone: 'a' }, value: [(now + 2000) / 1000, '1'] },
    ]);
  });

  it('stores a plain NaN value as NaN (not as a staleness marker)', async () => {
    const name = uniqueName('daytwo_it');
    const now = Date.now();
    expect((await remoteWrite([sample(name, Number.NaN, now)])).status).toBe(204);
    expect((await queryPresent(name, now + 1000)).map((r) => r.value[1])).toEqual(['NaN']);
  });
});
