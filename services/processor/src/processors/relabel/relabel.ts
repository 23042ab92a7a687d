import type { MetricSample } from '@daytwo/core';
import { relabel as applyRelabel, RelabelConfigSchema } from '@daytwo/core';
import { defineProcessor } from '@daytwo/processor-api';
import { z } from 'zod';

export const RelabelProcessorConfig = z
  .object({
    /** Prometheus `metric_relabel_configs` rules (same keys, defaults and validation); `__name__` is the sample name. */
    rules: z.array(RelabelConfigSchema).min(1),
  })
  .strict();

/**
 * Relabels one sample with Prometheus semantics; null when a rule drops it or it loses its name. Labels starting with
 * `__` are temporary and removed afterwards. The id stays: it names the sample as the source saw it.
 */
export function relabelSample(sample: MetricSample, rules: z.output<typeof RelabelProcessorConfig>['rules']) {
  const labels = applyRelabel({ ...sample.labels, __name__: sample.name }, rules);
  if (labels === null) return null;
  const name = labels['__name__'];
  if (name === undefined || name === '') return null;
  const kept: [string, string][] = [];
  for (const [key, value] of Object.entries(labels)) if (!key.startsWith('__')) kept.push([key, value]);
  return { ...sample, name, labels: Object.fromEntries(kept) };
}

export const relabel = defineProcessor({
  type: 'relabel',
  description:
    'Prometheus metric relabeling (replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, ' +
    'labelkeep, lowercase, uppercase) on samples; a dropped series is dropped.',
  kinds: ['metric'],
  configSchema: RelabelProcessorConfig,
  create(config) {
    return {
      process: (batch: MetricSample[]) => {
        const out: MetricSample[] = [];
        for (const sample of batch) {
          const relabeled = relabelSample(sample, config.rules);
          if (relabeled) out.push(relabeled);
        }
        return out;
      },
    };
  },
});
