import { z } from 'zod';

// Read-only navigation of a zod v4 schema: which keys an object has, what a child expects. Used to map environment
// variable names onto config keys and to find fields marked secret. Anything it cannot see through yields undefined,
// and callers then fall back to heuristics.

type AnySchema = z.core.$ZodType;

interface WrapperDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
}

function defOf(schema: AnySchema): WrapperDef {
  return schema._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Every schema on the way from `schema` down through wrappers (optional, default, pipe input...), outermost first. */
export function unwrapChain(schema: AnySchema): AnySchema[] {
  const chain: AnySchema[] = [schema];
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    let next: AnySchema | undefined;
    if (WRAPPERS.has(def.type)) next = def.innerType;
    else if (def.type === 'pipe') next = def.in;
    else if (def.type === 'lazy') next = def.getter?.();
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

export function unwrap(schema: AnySchema): AnySchema {
  const chain = unwrapChain(schema);
  return chain[chain.length - 1] ?? schema;
}

/** The schema's core type after unwrapping: 'object', 'array', 'string', 'number', 'enum', 'record'... */
export function kindOf(schema: AnySchema | undefined): string | undefined {
  return schema ? defOf(unwrap(schema)).type : undefined;
}

export function objectKeys(schema: AnySchema | undefined): string[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The schema a child value at `key` must satisfy, if the parent's schema says. */
export function childSchema(schema: AnySchema | undefined, key: string | number): AnySchema | undefined {
  if (!schema) return undefined;
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return def.shape?.[String(key)];
  if (def.type === 'record') return def.valueType;
  if (def.type === 'array') return def.element;
  return undefined;
}

export function schemaAt(schema: AnySchema | undefined, path: readonly (string | number)[]): AnySchema | undefined {
  let current = schema;
  for (const seg of path) current = childSchema(current, seg);
  return current;
}

/** A field marked with `.meta({ secret: true })` (on the field or on any wrapper around it). */
export function isSecretSchema(schema: AnySchema | undefined): boolean {
  if (!schema) return false;
  return unwrapChain(schema).some(
    (s) => (z.globalRegistry.get(s) as { secret?: unknown } | undefined)?.secret === true,
  );
}
