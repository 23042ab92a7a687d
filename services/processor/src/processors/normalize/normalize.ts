import type { LogRecord } from '@daytwo/core';
import { defineProcessor } from '@daytwo/processor-api';
import { z } from 'zod';
import { getField, parseFieldPath, scalarText, type FieldPath } from '../shared/field-path';
import { parseTimestamp, timestampFromMessage } from '../shared/timestamp';
import { levelFromMessage, normalizeLevel } from './level';

const FieldList = z.array(z.string().min(1));

export const NormalizeConfig = z
  .object({
    level: z
      .object({
        enabled: z.boolean().default(true),
        /** Where a level may be, first found wins; the result always goes to `log.level`. */
        fields: FieldList.default(['log.level', 'attributes.level', 'attributes.lvl', 'attributes.severity']),
        /** Without a level field, look for one at the start of the message (`ERROR ...`, `[warn]`, klog, <PRI>). */
        fromMessage: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    timestamp: z
      .object({
        enabled: z.boolean().default(true),
        /** Where the event time may be, first parseable wins; the result goes to `@timestamp` (ISO, UTC). */
        fields: FieldList.default([
          'attributes.time',
          'attributes.timestamp',
          'attributes.ts',
          'attributes.@timestamp',
        ]),
        /** Without a parseable field, take a timestamp the message starts with. */
        fromMessage: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type NormalizeConfig = z.output<typeof NormalizeConfig>;

interface Compiled {
  level: { enabled: boolean; fields: FieldPath[]; fromMessage: boolean };
  timestamp: { enabled: boolean; fields: FieldPath[]; fromMessage: boolean };
}

/** The level to store: the first level field's value mapped (kept as is when it maps to nothing), else the message's. */
function levelOf(record: LogRecord, options: Compiled['level']): string | undefined {
  for (const path of options.fields) {
    const raw = getField(record, path);
    const text = scalarText(raw);
    if (text === undefined || text.trim() === '') continue;
    return normalizeLevel(raw) ?? text;
  }
  return options.fromMessage ? levelFromMessage(record.message) : undefined;
}

function timestampOf(record: LogRecord, options: Compiled['timestamp'], now: number): number | undefined {
  for (const path of options.fields) {
    const ms = parseTimestamp(getField(record, path), now);
    if (ms !== undefined) return ms;
  }
  return options.fromMessage ? timestampFromMessage(record.message, now) : undefined;
}

export function normalizeRecord(record: LogRecord, options: Compiled, now: number): LogRecord {
  let out = record;
  if (options.level.enabled) {
    const level = levelOf(record, options.level);
    if (level !== undefined && level !== record.log?.level) out = { ...out, log: { ...out.log, level } };
  }
  if (options.timestamp.enabled) {
    // On failure the original @timestamp (the collector's read time) stays: never lose the time a line has.
    const ms = timestampOf(record, options.timestamp, now);
    if (ms !== undefined) {
      const iso = new Date(ms).toISOString();
      if (iso !== out['@timestamp']) out = { ...out, '@timestamp': iso };
    }
  }
  return out;
}

export const normalize = defineProcessor({
  type: 'normalize',
  description:
    'Normalizes `log.level` to trace|debug|info|warn|error|fatal (words, letters, syslog and bunyan numbers, or a ' +
    'level the message starts with) and sets `@timestamp` from a time field or message prefix in common formats.',
  kinds: ['log'],
  configSchema: NormalizeConfig,
  create(config) {
    const compiled: Compiled = {
      level: { ...config.level, fields: config.level.fields.map(parseFieldPath) },
      timestamp: { ...config.timestamp, fields: config.timestamp.fields.map(parseFieldPath) },
    };
    return {
      process: (batch: LogRecord[]) => {
        const now = Date.now();
        return batch.map((record) => normalizeRecord(record, compiled, now));
      },
    };
  },
});
