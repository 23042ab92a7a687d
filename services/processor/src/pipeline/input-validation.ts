import {
  DEAD_LETTER_REASONS,
  formatPath,
  LogRecord,
  MetricSample,
  type ConsumedRecord,
  type DeadLetterInput,
  type MessageOrigin,
} from '@daytwo/core';
import type { PipelineKind, PipelineRecords } from '@daytwo/processor-api';
import type { z } from 'zod';

export interface ValidInput<R> {
  record: R;
  origin: MessageOrigin;
}

export interface ValidatedInput<R> {
  valid: ValidInput<R>[];
  /** Dead-letter entries (without stage) for the records that failed their schema. */
  invalid: Omit<DeadLetterInput, 'stage'>[];
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => {
    const where = formatPath(i.path.filter((p): p is string | number => typeof p !== 'symbol'));
    return `${where === '' ? '(record)' : where}: ${i.message}`;
  });
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return `record does not match the schema: ${shown.join('; ')}${more}`;
}

/** Splits consumed records into schema-valid ones (parsed) and dead-letter entries for the others. */
export function validateInput<K extends PipelineKind>(
  kind: K,
  consumed: readonly ConsumedRecord[],
): ValidatedInput<PipelineRecords[K]> {
  const valid: ValidInput<PipelineRecords[K]>[] = [];
  const invalid: ValidatedInput<PipelineRecords[K]>['invalid'] = [];
  for (const item of consumed) {
    const result = kind === 'log' ? LogRecord.safeParse(item.record) : MetricSample.safeParse(item.record);
    if (result.success) {
      valid.push({ record: result.data as PipelineRecords[K], origin: item.origin });
      continue;
    }
    invalid.push({
      reason: DEAD_LETTER_REASONS.recordInvalid,
      error: describeIssues(result.error.issues),
      source: { topic: item.origin.topic, partition: item.origin.partition, offset: item.origin.offset },
      recordId: item.id,
      raw: item.record,
      headers: item.origin.headers,
    });
  }
  return { valid, invalid };
}
