import type { LogRecord } from '@daytwo/core';
import { z } from 'zod';
import { getField, parseFieldPath, setField, type FieldPath } from './field-path';
import { withLogFlag, withTag } from './log-flags';
import { parseTimestamp } from './timestamp';

/** Tag of a record whose body had more fields (or deeper ones) than the limits allow. */
export const FIELDS_TRUNCATED_TAG = 'parse_fields_truncated';

const DEFAULT_PROMOTE = {
  message: ['msg', 'message'],
  level: ['level', 'lvl', 'severity', 'log.level', 'loglevel'],
  time: ['time', 'timestamp', 'ts', '@timestamp'],
};

const KeyList = z.array(z.string().min(1));
const PromoteKeys = z
  .object({
    message: KeyList.default(DEFAULT_PROMOTE.message),
    level: KeyList.default(DEFAULT_PROMOTE.level),
    time: KeyList.default(DEFAULT_PROMOTE.time),
  })
  .strict();
export type PromoteKeys = z.output<typeof PromoteKeys>;

/** Config keys shared by the body parsers (parse-json, parse-logfmt). */
export const structuredBodyOptions = {
  /** The field holding the text to parse. */
  source: z.string().min(1).default('message'),
  /** Where the parsed fields go: `attributes` or an object under it; merged with what is there already. */
  target: z
    .string()
    .regex(/^attributes(\.[^.\s]+)*$/, 'must be "attributes" or a path under it, like "attributes.body"')
    .default('attributes'),
  /** Objects nested deeper than this are kept as their JSON text. */
  maxDepth: z.number().int().min(1).max(32).default(8),
  /** Keys and array items kept per body; the rest is left out and the record tagged `parse_fields_truncated`. */
  maxFields: z.number().int().min(1).max(10_000).default(200),
  /**
   * Move message-, level- and time-like keys of the body to `message`, `log.level` and `@timestamp` (a time only when
   * it parses). `true` uses the default key lists; an object replaces them (matched case-insensitively).
   */
  promote: z
    .union([z.boolean(), PromoteKeys])
    .default(false)
    .transform((p) => (p === true ? PromoteKeys.parse({}) : p === false ? undefined : p)),
  /** A body that does not look structured at all: passed on as is, or flagged `parse_failed`. */
  unstructured: z.enum(['pass', 'flag']).default('pass'),
};
export const StructuredBodyConfig = z.object(structuredBodyOptions);
export type StructuredBodyConfig = z.output<typeof StructuredBodyConfig>;

export interface CompiledBodyConfig {
  source: FieldPath;
  target: FieldPath;
  maxDepth: number;
  maxFields: number;
  promote: PromoteKeys | undefined;
  unstructured: 'pass' | 'flag';
}

export function compileBodyConfig(config: StructuredBodyConfig): CompiledBodyConfig {
  return { ...config, source: parseFieldPath(config.source), target: parseFieldPath(config.target) };
}

/** The outcome of a parser for one body. */
export type BodyParse =
  { kind: 'parsed'; fields: Record<string, unknown> } | { kind: 'unstructured' } | { kind: 'failed' };

interface Budget {
  left: number;
  truncated: boolean;
}

/** Bounded copy: at most `budget.left` keys/items overall, objects below `maxDepth` as JSON text. Own keys only. */
function bound(value: unknown, depth: number, maxDepth: number, budget: Budget): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) {
    budget.truncated = true;
    return JSON.stringify(value);
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const kept: [string | number, unknown][] = [];
  for (const [key, child] of entries) {
    if (budget.left <= 0) {
      budget.truncated = true;
      break;
    }
    budget.left--;
    kept.push([key, bound(child, depth + 1, maxDepth, budget)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return Array.isArray(value) ? kept.map(([, v]) => v) : Object.fromEntries(kept);
}

function takeKey(fields: Record<string, unknown>, names: readonly string[]): [string, unknown] | undefined {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const key of Object.keys(fields)) if (wanted.has(key.toLowerCase())) return [key, fields[key]];
  return undefined;
}

function promote(record: LogRecord, fields: Record<string, unknown>, keys: PromoteKeys): LogRecord {
  let out = record;
  const message = takeKey(fields, keys.message);
  if (message && typeof message[1] === 'string') {
    out = { ...out, message: message[1] };
    delete fields[message[0]];
  }
  const level = takeKey(fields, keys.level);
  if (level && (typeof level[1] === 'string' || typeof level[1] === 'number')) {
    out = { ...out, log: { ...out.log, level: String(level[1]) } };
    delete fields[level[0]];
  }
  const time = takeKey(fields, keys.time);
  const ms = time ? parseTimestamp(time[1]) : undefined;
  if (time && ms !== undefined) {
    out = { ...out, '@timestamp': new Date(ms).toISOString() };
    delete fields[time[0]];
  }
  return out;
}

/** Applies a parser to one record's body: fields into the target, originals kept and flagged on failure. */
export function applyBodyParser(
  record: LogRecord,
  config: CompiledBodyConfig,
  parse: (text: string) => BodyParse,
): LogRecord {
  const text = getField(record, config.source);
  if (typeof text !== 'string') return record;
  const result = parse(text);
  if (result.kind === 'failed') return withLogFlag(record, 'parse_failed');
  if (result.kind === 'unstructured') {
    return config.unstructured === 'flag' ? withLogFlag(record, 'parse_failed') : record;
  }
  const budget: Budget = { left: config.maxFields, truncated: false };
  const fields = bound(result.fields, 0, config.maxDepth, budget) as Record<string, unknown>;
  let out = config.promote ? promote(record, fields, config.promote) : record;
  const existing = getField(out, config.target);
  const merged =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? { ...existing, ...fields } : fields;
  out = setField(out, config.target, merged);
  return budget.truncated ? withTag(out, FIELDS_TRUNCATED_TAG) : out;
}
