import type { LogRecord } from '@daytwo/core';
import { defineProcessor, memoryStateStore } from '@daytwo/processor-api';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { logRecord } from '../test-support/records';
import { createProcessorMetrics } from './chain-metrics';
import type { ChainStepSpec } from './chain-spec';
import { ProcessorChain, ProcessorStartError } from './processor-chain';

const events: string[] = [];

const step = (name: string, fn: (r: LogRecord) => LogRecord[], failOnCreate = false): ChainStepSpec => {
  const definition = defineProcessor({
    type: 'test-step',
    description: 'test',
    kinds: ['log'],
    configSchema: z.object({}),
    create: () => {
      if (failOnCreate) throw new Error('no connection');
      events.push(`create ${name}`);
      return {
        process: (batch: LogRecord[]) => batch.flatMap(fn),
        close: () => void events.push(`close ${name}`),
      };
    },
  });
  return { name, type: 'test-step', definition, config: {}, key: `p[${name}]` };
};

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

async function chainOf(steps: ChainStepSpec[], registry = new Registry()) {
  return ProcessorChain.create<'log'>({
    pipeline: 'logs',
    kind: 'log',
    steps,
    logger: silent,
    state: () => memoryStateStore(),
    emitAnomaly: () => {},
    metrics: createProcessorMetrics(registry),
  });
}

async function counter(registry: Registry, name: string, processor: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => v.labels['processor'] === processor && v.labels['pipeline'] === 'logs');
  return Number(value?.value ?? 0);
}

describe('ProcessorChain', () => {
  beforeEach(() => events.splice(0));

  it('runs steps in order, isolates failures per step and counts every step', async () => {
    const registry = new Registry();
    const chain = await chainOf(
      [
        step('explode', (r) =>
          r.message === 'bad'
            ? (() => {
                throw new Error('cannot');
              })()
            : [r],
        ),
        step('split', (r) =>
          r.message.split(',').map((m, i) => ({ ...r, message: m, event: { id: `${r.event.id}#${i}` } })),
        ),
        step('drop-x', (r) => (r.message === 'x' ? [] : [r])),
      ],
      registry,
    );
    const result = await chain.run([logRecord('a,x'), logRecord('bad'), logRecord('b')]);
    expect(result.output.map((r) => r.message)).toEqual(['a', 'b']);
    expect(result.failures.map((f) => [f.processor, f.record.message, f.error.message])).toEqual([
      ['explode', 'bad', 'cannot'],
    ]);
    const counts = async (name: string) =>
      Promise.all(
        ['in', 'out', 'dropped', 'errors'].map((c) => counter(registry, `daytwo_processor_records_${c}_total`, name)),
      );
    expect(await counts('explode')).toEqual([3, 2, 0, 1]);
    expect(await counts('split')).toEqual([2, 3, 0, 0]);
    expect(await counts('drop-x')).toEqual([3, 2, 1, 0]);
    const histogram = (await registry.getMetricsAsJSON()).find((m) => m.name === 'daytwo_processor_duration_seconds');
    const countOf = histogram?.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === 'daytwo_processor_duration_seconds_count' &&
        v.labels['processor'] === 'split',
    );
    expect(countOf?.value).toBe(1);
  });

  it('closes processors in reverse order', async () => {
    const chain = await chainOf([step('a', (r) => [r]), step('b', (r) => [r])]);
    await chain.close();
    expect(events).toEqual(['create a', 'create b', 'close b', 'close a']);
  });

  it('names the failing processor at start and closes the ones already created', async () => {
    const failing = chainOf([step('a', (r) => [r]), step('b', (r) => [r], true)]);
    await expect(failing).rejects.toBeInstanceOf(ProcessorStartError);
    await expect(failing).rejects.toThrow('p[b] (processor b, type test-step) failed to start: no connection');
    expect(events).toEqual(['create a', 'close a']);
  });

  it('does not call processors with an empty batch', async () => {
    const chain = await chainOf([
      step('none', () => []),
      step('never', () => {
        throw new Error('called');
      }),
    ]);
    const result = await chain.run([logRecord('a')]);
    expect(result).toEqual({ output: [], failures: [] });
  });
});
