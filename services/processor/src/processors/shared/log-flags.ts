import type { LogFlag, LogRecord } from '@daytwo/core';

/** A copy of the record with `flag` in `log.flags` (once). */
export function withLogFlag(record: LogRecord, flag: LogFlag): LogRecord {
  const flags = record.log?.flags ?? [];
  if (flags.includes(flag)) return record;
  return { ...record, log: { ...record.log, flags: [...flags, flag] } };
}

/** A copy of the record with `tag` in `tags` (once). */
export function withTag(record: LogRecord, tag: string): LogRecord {
  const tags = record.tags ?? [];
  if (tags.includes(tag)) return record;
  return { ...record, tags: [...tags, tag] };
}
