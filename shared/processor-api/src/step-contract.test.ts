import { z } from 'zod';
import type { LogRecord, MetricSample } from '@daytwo/core';
import { defineProcessor } from './definition';
import { runProcessor } from './harness';
import type { Processor } from './definition';
import { ProcessorContractError, ProcessorRetryableError } from './errors';
import { runStep, stepCounts } from './run-step';

const log = (message: string, id = message): LogRecord => ({
  schema_version: 1,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  message,
  event: { id },
});

const processor = (fn: (batch: LogRecord[]) => unknown): Processor<'log'> => ({
  process: (batch) => fn(batch) as LogRecord[],
});

describe('runStep', () => {
  it.each([
    {
      name: 'an output without an id fails only the record that produced it',
      fn: (b: LogRecord[]) => b.map((r) => (r.message === 'x' ? log('x', '') : r)),
      input: ['a', 'x', 'b'],
      out: ['a', 'b'],
      failed: ['x'],
      error: /without an id \(event\.id\)/,
    },
    {
      name: 'a result that is not an array fails every record',
      fn: () => undefined,
      input: ['a', 'b'],
      out: [],
      failed: ['a', 'b'],
      error: /must return an array/,
    },
    {
      name: 'output keeps input order across the halves',
      fn: (b: LogRecord[]) => {
        if (b.some((r) => r.message === 'bad')) throw new Error('boom');
        return b;
      },
      input: ['a', 'b', 'c', 'bad', 'd', 'e', 'f'],
      out: ['a', 'b', 'c', 'd', 'e', 'f'],
      failed: ['bad'],
      error: /boom/,
    },
  ])('$name', async ({ fn, input, out, failed, error }) => {
    const result = await runStep(
      processor(fn),
      input.map((m) => log(m)),
      { kind: 'log' },
    );
    expect(result.output.map((r) => r.message)).toEqual(out);
    expect(result.failures.map((f) => f.record.message)).toEqual(failed);
    for (const f of result.failures) expect(f.error.message).toMatch(error);
  });

  it('reports contract errors with their own class', async () => {
    const result = await runStep(
      processor(() => 'nope'),
      [log('a')],
      { kind: 'log' },
    );
    expect(result.failures[0]!.error).toBeInstanceOf(ProcessorContractError);
  });

  it('rethrows a retryable error without isolating anything', async () => {
    let calls = 0;
    const failing = processor(() => {
      calls++;
      throw new ProcessorRetryableError('redis down');
    });
    await expect(runStep(failing, [log('a'), log('b'), log('c')], { kind: 'log' })).rejects.toThrow('redis down');
    expect(calls).toBe(1);
  });

  it.each([
    { name: 'filter', inputs: 4, out: 1, failed: 1, dropped: 2 },
    { name: 'fan-out', inputs: 2, out: 5, failed: 0, dropped: 0 },
    { name: 'all failed', inputs: 3, out: 0, failed: 3, dropped: 0 },
  ])('counts a $name step', ({ inputs, out, failed, dropped }) => {
    const result = {
      output: Array.from({ length: out }, () => ({})),
      failures: Array.from({ length: failed }, () => ({ record: {}, error: new Error('x') })),
    };
    expect(stepCounts(inputs, result)).toEqual({ in: inputs, out, failed, dropped });
  });
});

describe('runProcessor contract', () => {
  const metricOnly = defineProcessor({
    type: 'metric-only',
    description: 'drops samples named "x"',
    kinds: ['metric'],
    configSchema: z.object({}).strict(),
    create: () => ({ process: (batch: MetricSample[]) => batch.filter((s) => s.name !== 'x') }),
  });
  const sample = (name: string): MetricSample => ({
    schema_version: 1,
    id: `id-${name}`,
    name,
    labels: {},
    value: 1,
    timestamp: 0,
    type: 'gauge',
  });

  it('counts what the service counts', async () => {
    const result = await runProcessor(metricOnly, {}, [sample('a'), sample('x'), sample('b')]);
    expect(result.counts).toEqual({ in: 3, out: 2, dropped: 1, failed: 0 });
  });

  it('refuses a pipeline the processor does not run in', async () => {
    await expect(runProcessor(metricOnly, {}, [], { kind: 'log' })).rejects.toThrow('does not run in the log pipeline');
  });

  it('refuses something that is not a definition', async () => {
    await expect(runProcessor({ ...metricOnly, kinds: [] }, {}, [])).rejects.toThrow(/kinds must be/);
  });
});
