import { formatPath } from '@daytwo/core';
import type { ProcessorDefinition } from './definition';
import { ProcessorConfigError } from './errors';

/** One problem with a processor's config; `path` is relative to the processor's entry. */
export interface ProcessorConfigIssue {
  path: (string | number)[];
  message: string;
}

export type ProcessorConfigResult<T> = { ok: true; config: T } | { ok: false; issues: ProcessorConfigIssue[] };

interface LooseIssue {
  code?: string;
  path?: readonly PropertyKey[];
  message?: string;
  keys?: readonly string[];
}

/** The keys an object schema knows (zod 3 and 4 both expose `shape`), to list them next to an unknown key. */
function knownKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: unknown } | null)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/**
 * Validates a processor's config with its own schema. Unknown keys are reported one per key, at the key itself, with
 * the keys the processor does know. Issues carry no config values.
 */
export function checkProcessorConfig<T>(
  definition: Pick<ProcessorDefinition, 'type' | 'configSchema'>,
  config: unknown,
): ProcessorConfigResult<T> {
  const result = (definition.configSchema as { safeParse(v: unknown): unknown }).safeParse(config) as
    { success: true; data: T } | { success: false; error: { issues: readonly LooseIssue[] } };
  if (result.success) return { ok: true, config: result.data };
  const issues: ProcessorConfigIssue[] = [];
  for (const issue of result.error.issues) {
    const path = (issue.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      // Only the top level's keys are known for sure (nested schemas may be wrapped in defaults, unions...).
      const known = path.length === 0 ? knownKeys(definition.configSchema) : [];
      const hint = known.length > 0 ? ` (${definition.type} knows: ${known.join(', ')})` : '';
      for (const key of issue.keys) issues.push({ path: [...path, key], message: `unknown key "${key}"${hint}` });
      continue;
    }
    issues.push({ path, message: (issue.message ?? 'invalid value').replace(/^Invalid input: /, '') });
  }
  return { ok: false, issues };
}

/** `parse-json.maxDepth: expected number` style lines, rooted at `root`. */
export function formatProcessorConfigIssues(root: string, issues: readonly ProcessorConfigIssue[]): string[] {
  return issues.map((i) => {
    const rest = formatPath(i.path);
    const key = rest === '' ? root : rest.startsWith('[') ? `${root}${rest}` : `${root}.${rest}`;
    return `${key}: ${i.message}`;
  });
}

/** Validated config or a ProcessorConfigError naming the keys under `root` (default: the processor type). */
export function parseProcessorConfig<T>(
  definition: Pick<ProcessorDefinition, 'type' | 'configSchema'>,
  config: unknown,
  root: string = definition.type,
): T {
  const result = checkProcessorConfig<T>(definition, config);
  if (result.ok) return result.config;
  throw new ProcessorConfigError(definition.type, formatProcessorConfigIssues(root, result.issues));
}
