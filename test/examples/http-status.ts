// Worked example of docs/write-a-processor.md: a processor for HTTP access logs. Tested in http-status.test.ts (with
// the harness, and loaded by path into a processor chain) and in test/integration/processor-pipeline.test.ts.
import { defineProcessor, type LogRecord } from '@daytwo/processor-api';
import { z } from 'zod';

/** Thrown for a record whose status is not an HTTP status code: the framework dead-letters that record. */
export class InvalidStatusError extends Error {
  override name = 'InvalidStatusError';
}

const Config = z
  .object({
    /** The attribute holding the status code (parse-json / parse-logfmt put body fields under `attributes`). */
    attribute: z.string().min(1).default('status'),
    /** Drop 1xx-3xx responses: keep only the ones that went wrong. */
    dropSuccessful: z.boolean().default(false),
  })
  .strict();

function statusOf(record: LogRecord, attribute: string): number | undefined {
  const raw = record.attributes?.[attribute];
  if (raw === undefined) return undefined;
  const status = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new InvalidStatusError(`invalid HTTP status ${JSON.stringify(raw)} in attributes.${attribute}`);
  }
  return status;
}

const LEVEL_BY_CLASS: Record<number, string> = { 4: 'warn', 5: 'error' };

export default defineProcessor({
  type: 'http-status',
  description: 'Labels access logs with their status class (2xx..5xx), sets warn/error levels, drops successes.',
  kinds: ['log'],
  configSchema: Config,
  create(config, context) {
    context.logger.info({ attribute: config.attribute }, 'http-status ready');
    return {
      process(batch: LogRecord[]): LogRecord[] {
        const out: LogRecord[] = [];
        for (const record of batch) {
          const status = statusOf(record, config.attribute);
          if (status === undefined) {
            out.push(record); // not an access log: pass it on untouched
            continue;
          }
          const statusClass = Math.floor(status / 100);
          if (config.dropSuccessful && statusClass < 4) continue; // returning nothing drops the record
          const level = LEVEL_BY_CLASS[statusClass] ?? record.log?.level ?? 'info';
          out.push({
            ...record, // a new object; the id (event.id) stays the same
            log: { ...record.log, level },
            labels: { ...record.labels, status_class: `${statusClass}xx` },
          });
        }
        return out;
      },
    };
  },
});
