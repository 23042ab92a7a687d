import { z } from 'zod';
import { SCHEMA_VERSION } from './version';

export const MetricType = z.enum([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'untyped',
]);
export type MetricType = z.infer<typeof MetricType>;

/**
 * One sample of one series. `labels` includes neither `__name__` nor duplicates of `name`.
 * `stale` marks a Prometheus staleness marker (written as the StaleNaN bit pattern by the sink).
 */
export const MetricSample = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  id: z.string().min(1),
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()),
  /** Any float64: Prometheus samples carry NaN, ±Inf and the StaleNaN marker, which zod's number refuses. */
  value: z.custom<number>((v) => typeof v === 'number', { message: 'expected a number (NaN and ±Inf allowed)' }),
  timestamp: z.number().int(),
  type: MetricType,
  stale: z.boolean().optional(),
});
export type MetricSample = z.infer<typeof MetricSample>;
