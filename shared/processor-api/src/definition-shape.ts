import type { ProcessorDefinition } from './definition';

const KINDS = ['log', 'metric'];
/** Lower-case words separated by dashes, dots or underscores: it appears in config, metric labels and Redis keys. */
export const PROCESSOR_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/;

/**
 * What is wrong with a value that should be a ProcessorDefinition (empty when nothing is). Plugins are plain modules,
 * so the framework checks their exports at start instead of failing on the first record.
 */
export function processorDefinitionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [`expected an object, got ${describe(value)}`];
  const d = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof d['type'] !== 'string' || !PROCESSOR_TYPE_PATTERN.test(d['type'])) {
    problems.push(`type must be a lower-case name like "my-processor" (got ${describe(d['type'])})`);
  }
  if (typeof d['description'] !== 'string') problems.push('description must be a string');
  const kinds = d['kinds'];
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => KINDS.includes(k as string))) {
    problems.push(`kinds must be a non-empty array of ${KINDS.map((k) => `"${k}"`).join(' | ')}`);
  }
  const schema = d['configSchema'] as { safeParse?: unknown } | null | undefined;
  if (typeof schema !== 'object' || schema === null || typeof schema.safeParse !== 'function') {
    problems.push('configSchema must be a zod schema');
  }
  if (typeof d['create'] !== 'function') problems.push('create must be a function (config, context) => processor');
  return problems;
}

export function isProcessorDefinition(value: unknown): value is ProcessorDefinition {
  return processorDefinitionProblems(value).length === 0;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
