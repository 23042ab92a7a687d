import { z } from 'zod';
import type { LogRecord } from '@daytwo/core';
import { defineProcessor } from './definition';
import { runProcessor } from './harness';

const log = (message: string, id = message): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  message,
  event: { id },
});

// Fails on any batch holding a record whose message is "bad"; drops "drop"; splits "a,b" into two records.
const picky = defineProcessor({
  type: 'picky',
  description: 'test processor',
  kinds: ['log'],
  configSchema: z.object({ suffix: z.string().default('') }).strict(),
  create: (config, ctx) => ({
    process(batch) {
      if (batch.some((r) => r.message === 'bad')) throw new Error('bad record');
      return batch.flatMap((r) => {
        if (r.message === 'drop') return [];
        if (r.message === 'alarm') ctx.emitAnomaly({ ...anomaly, id: r.event.id });
        return r.message
          .split(',')
          .map((m, i) => ({ ...r, message: m + config.suffix, event: { id: `${r.event.id}-${i}` } }));
      });
    },
  }),
});
const anomaly = {
  schema_version: 1 as const,
  id: 'x',
  '@timestamp': '2026-01-01T00:00:00.000Z',
  source: 'log' as const,
  detector: 'test',
  score: 1,
  reason: 'r',
  status: 'firing' as const,
};

describe('runProcessor', () => {
  it.each([
    { name: 'passes records through', input: ['a'], out: ['a!'], failed: [] },
    { name: 'drops', input: ['a', 'drop'], out: ['a!'], failed: [] },
    { name: 'fans out', input: ['a,b'], out: ['a!', 'b!'], failed: [] },
    {
      name: 'isolates one bad record',
      input: ['a', 'b', 'bad', 'c', 'd'],
      out: ['a!', 'b!', 'c!', 'd!'],
      failed: ['bad'],
    },
    { name: 'isolates two bad records', input: ['bad', 'x', 'bad'], out: ['x!'], failed: ['bad', 'bad'] },
  ])('$name', async ({ input, out, failed }) => {
    const result = await runProcessor(
      picky,
      { suffix: '!' },
      input.map((m, i) => log(m, `id${i}`)),
    );
    expect(result.records.map((r) => r.message)).toEqual(out);
    expect(result.failures.map((f) => f.record.message)).toEqual(failed);
    for (const f of result.failures) expect(f.error.message).toBe('bad record');
  });

  it('collects side-output anomalies', async () => {
    const result = await runProcessor(picky, {}, [log('alarm', 'a1')]);
    expect(result.anomalies.map((a) => a.id)).toEqual(['a1']);
  });

  it('rejects config with the key named', async () => {
    await expect(runProcessor(picky, { sufix: '!' }, [])).rejects.toThrow(/picky/);
    await expect(runProcessor(picky, { suffix: 3 }, [])).rejects.toThrow('picky.suffix');
  });
});
