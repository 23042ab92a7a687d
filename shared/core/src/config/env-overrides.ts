import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { childSchema, kindOf, objectKeys } from './schema-walk';

/**
 * Environment overrides, applied on top of the YAML file:
 *
 *   <prefix>_<SEGMENT>__<SEGMENT>...=value       e.g. DAYTWO__KAFKA__BROKERS=a:9092,b:9092  →  kafka.brokers
 *
 * - The prefix is followed by one extra underscore, and segments are separated by double underscores. Variables with a
 *   single underscore after the prefix (DAYTWO_CONFIG, DAYTWO_KAFKA_BROKERS used by tests) are not overrides.
 * - A segment matches a config key case-insensitively, ignoring underscores: LOG_LEVEL and LOGLEVEL both name
 *   `logLevel`. Segments the schema does not know become camelCase keys, which strict validation then reports.
 * - Values are parsed as JSON when they parse (numbers, booleans, arrays, objects), otherwise kept as strings. Where the
 *   schema expects a string the raw text is kept (so `"007"` stays a string); where it expects an array and the value
 *   is not a JSON array, it is split on commas.
 */
export interface EnvOverrideResult {
  config: Record<string, unknown>;
  /** Dotted key path → variable that set it, to point error messages at the variable. */
  origins: Map<string, string>;
  problems: ConfigProblem[];
}

type Json = Record<string, unknown>;

const normalize = (s: string): string => s.toLowerCase().replace(/_/g, '');
const camelCase = (s: string): string => s.toLowerCase().replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function applyEnvOverrides(
  base: Json,
  env: NodeJS.ProcessEnv,
  envPrefix: string,
  schema?: z.core.$ZodType,
): EnvOverrideResult {
  const config = structuredClone(base);
  const origins = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  const marker = `${envPrefix}_`;
  // Sorted so that the outcome does not depend on the order of the environment.
  const names = Object.keys(env)
    .filter((n) => n.startsWith(marker))
    .sort();
  for (const name of names) {
    const raw = env[name];
    if (raw === undefined) continue;
    const segments = name.slice(marker.length).split('__');
    if (segments.some((s) => s === '')) {
      problems.push({ path: '', message: `environment variable ${name} does not name a key (empty segment)` });
      continue;
    }
    const path = setAt(config, segments, raw, schema);
    origins.set(path.join('.'), name);
  }
  return { config, origins, problems };
}

function resolveKey(segment: string, parent: Json, schema: z.core.$ZodType | undefined): string {
  const wanted = normalize(segment);
  const known = [...objectKeys(schema), ...Object.keys(parent)];
  return known.find((k) => normalize(k) === wanted) ?? camelCase(segment);
}

function setAt(root: Json, segments: string[], raw: string, rootSchema: z.core.$ZodType | undefined): string[] {
  const path: string[] = [];
  let node = root;
  let schema = rootSchema;
  segments.forEach((segment, i) => {
    const key = resolveKey(segment, node, schema);
    path.push(key);
    schema = childSchema(schema, key);
    if (i === segments.length - 1) {
      node[key] = parseEnvValue(raw, schema);
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Json;
  });
  return path;
}

export function parseEnvValue(raw: string, schema?: z.core.$ZodType): unknown {
  const kind = kindOf(schema);
  if (kind === 'string' || kind === 'enum' || kind === 'template_literal') return raw;
  const parsed = tryJson(raw);
  if (kind === 'array' && !Array.isArray(parsed)) {
    const element = childSchema(schema, 0);
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => parseEnvValue(s, element));
  }
  return parsed;
}

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
