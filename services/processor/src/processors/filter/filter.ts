import { defineProcessor, type PipelineRecord } from '@daytwo/processor-api';
import { z } from 'zod';
import { compileCondition, ConditionConfig } from './conditions';

export const FilterConfig = z
  .object({
    /** `drop` removes the records that match; `keep` removes all the others. */
    action: z.enum(['drop', 'keep']),
    /** A record matches when all (default) or any of the conditions hold. */
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(ConditionConfig).min(1),
  })
  .strict();
export type FilterConfig = z.output<typeof FilterConfig>;

export const filter = defineProcessor({
  type: 'filter',
  description:
    'Drops or keeps records by field tests (equals, regex, exists, in; negatable) on any dotted field path, ' +
    'combined with all/any. Works on logs and metrics.',
  kinds: ['log', 'metric'],
  configSchema: FilterConfig,
  create(config) {
    const predicates = config.conditions.map(compileCondition);
    const matches =
      config.match === 'all'
        ? (r: unknown) => predicates.every((p) => p(r))
        : (r: unknown) => predicates.some((p) => p(r));
    const keepMatching = config.action === 'keep';
    return {
      process: <R extends PipelineRecord>(batch: R[]) => batch.filter((r) => matches(r) === keepMatching),
    };
  },
});
