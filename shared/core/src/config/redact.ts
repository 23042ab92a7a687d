import type { z } from 'zod';
import { formatPath } from './config-error';
import { childSchema, isSecretSchema } from './schema-walk';

export const REDACTED = '[REDACTED]';

/** Key names that hold secrets. Over-matching is harmless: it only hides a value from a log line. */
export const SECRET_KEY_PATTERN =
  /password|passwd|passphrase|secret|token|credential|authorization|cookie|api[_-]?key|private[_-]?key|access[_-]?key|^key$|^pass$/i;

const secretPathsByConfig = new WeakMap<object, ReadonlySet<string>>();

/** Called by loadConfig: values that came from `${env:}`/`${file:}` references are secrets whatever their key. */
export function rememberSecretPaths(config: unknown, paths: ReadonlySet<string>): void {
  if (typeof config === 'object' && config !== null && paths.size > 0) secretPathsByConfig.set(config, paths);
}

export interface RedactOptions {
  /** Fields marked `.meta({ secret: true })` in this schema are masked. */
  schema?: z.core.$ZodType;
  /** Replaces the key-name heuristic. */
  keyPattern?: RegExp;
}

/**
 * A copy of `config` safe to log: values are masked when their key looks secret, when the schema marks them secret,
 * or when loadConfig resolved them from a secret reference. null/undefined stay visible (an unset secret is useful to
 * see); everything else under a secret key, objects included, becomes "[REDACTED]".
 */
export function redactConfig<T>(config: T, options: RedactOptions = {}): T {
  const pattern = options.keyPattern ?? SECRET_KEY_PATTERN;
  const fromReferences = typeof config === 'object' && config !== null ? secretPathsByConfig.get(config) : undefined;

  const walk = (node: unknown, path: PropertyKey[], schema: z.core.$ZodType | undefined): unknown => {
    const key = path[path.length - 1];
    const secret =
      (typeof key === 'string' && pattern.test(key)) ||
      isSecretSchema(schema) ||
      (fromReferences?.has(formatPath(path)) ?? false);
    if (secret && node !== null && node !== undefined) return REDACTED;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i], childSchema(schema, i)));
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k], childSchema(schema, k));
      return out;
    }
    return node;
  };

  return walk(config, [], options.schema) as T;
}

function isPlainObject(node: unknown): node is Record<string, unknown> {
  if (node === null || typeof node !== 'object') return false;
  const proto = Object.getPrototypeOf(node) as unknown;
  return proto === Object.prototype || proto === null;
}
