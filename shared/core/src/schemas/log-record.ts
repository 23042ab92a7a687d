import { z } from 'zod';
import { SCHEMA_VERSION } from './version';

const stringMap = z.record(z.string(), z.string());

/** Flags say what a source or processor had to change in a line; a flagged line is kept, never dropped. */
export const LogFlag = z.enum(['truncated', 'invalid_utf8', 'multiline', 'partial_reassembled', 'parse_failed']);
export type LogFlag = z.infer<typeof LogFlag>;

/**
 * One logical container log line, with Elastic Common Schema field names (nested the way ECS documents are).
 * `event.id` is assigned at the source and never changes: it is the Elasticsearch `_id`, so redelivery is idempotent.
 */
export const LogRecord = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  '@timestamp': z.string().min(1),
  message: z.string(),
  stream: z.enum(['stdout', 'stderr']).optional(),
  log: z
    .object({
      level: z.string().optional(),
      file: z.object({ path: z.string() }).optional(),
      offset: z.number().int().nonnegative().optional(),
      flags: z.array(LogFlag).optional(),
    })
    .optional(),
  kubernetes: z
    .object({
      namespace: z.string().optional(),
      pod: z.object({ name: z.string().optional(), uid: z.string().optional() }).optional(),
      container: z.object({ name: z.string().optional(), restart_count: z.number().int().optional() }).optional(),
      node: z.object({ name: z.string().optional() }).optional(),
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
      workload: z.object({ kind: z.string().optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  host: z.object({ name: z.string().optional() }).optional(),
  event: z.object({
    id: z.string().min(1),
    dataset: z.string().optional(),
    template: z.string().optional(),
    template_id: z.string().optional(),
    ingested: z.string().optional(),
  }),
  /** Fields parsed out of a structured (JSON, logfmt) body. */
  attributes: z.record(z.string(), z.unknown()).optional(),
  labels: stringMap.optional(),
  tags: z.array(z.string()).optional(),
});
export type LogRecord = z.infer<typeof LogRecord>;
