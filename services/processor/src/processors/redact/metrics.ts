import { Counter } from 'prom-client';

/**
 * Secrets removed, per rule. Not registered anywhere: the service registers it in its own registry
 * (`registry.registerMetric(redactions)`).
 */
export const redactions = new Counter({
  name: 'daytwo_processor_redactions_total',
  help: 'Secrets removed by the redact processor, by rule.',
  labelNames: ['processor', 'rule'] as const,
  registers: [],
});
