import { z } from 'zod';
import { SCHEMA_VERSION } from './version';

/** A workload is what an operator owns: namespace plus the top owner (Deployment, StatefulSet, ...) of a pod. */
export const Workload = z.object({ namespace: z.string(), kind: z.string().optional(), name: z.string() });
export type Workload = z.infer<typeof Workload>;

export const AnomalyEvent = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  id: z.string().min(1),
  '@timestamp': z.string().min(1),
  source: z.enum(['metric', 'log']),
  detector: z.string().min(1),
  score: z.number().min(0).max(1),
  reason: z.string(),
  /** `firing` while the anomaly lasts; `resolved` once the detector sees normal data again. */
  status: z.enum(['firing', 'resolved']).default('firing'),
  workload: Workload.optional(),
  pod: z.string().optional(),
  series: z.object({ name: z.string(), labels: z.record(z.string(), z.string()) }).optional(),
  value: z.number().optional(),
  expected: z.object({ lower: z.number(), upper: z.number() }).optional(),
  template: z.object({ id: z.string(), text: z.string(), example: z.string().optional() }).optional(),
});
export type AnomalyEvent = z.infer<typeof AnomalyEvent>;
