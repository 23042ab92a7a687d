import { z } from 'zod';

/** A configuration value that cannot be used; the message names the key. */
export class TemplateMinerConfigError extends Error {
  override readonly name = 'TemplateMinerConfigError';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`template miner config: ${key}: ${detail}`);
  }
}

const regexSource = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${(err as Error).message})` });
  }
});

const treeParams = {
  similarityThreshold: z.number().gt(0).lte(1),
  depth: z.number().int().min(1).max(16),
  maxChildren: z.number().int().min(2).max(100_000),
  /**
   * Sibling templates that differ only in one word merge into one template with `<*>` there once that word has taken
   * this many distinct values; 0 turns merging off.
   */
  mergeAfterValues: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .refine((n) => n !== 1, 'must be 0 (off) or at least 2'),
};

const SourceOverride = z
  .object({
    ...treeParams,
    masks: z.array(
      z
        .object({
          pattern: regexSource,
          flags: z
            .string()
            .regex(/^[imsuy]*$/)
            .optional(),
        })
        .strict(),
    ),
  })
  .partial()
  .strict();
export type SourceOverride = z.infer<typeof SourceOverride>;

export const TemplateMinerConfig = z
  .object({
    ...treeParams,
    /** Templates kept in memory across all sources; the least recently used one is evicted beyond it. */
    maxClusters: z.number().int().min(1),
    /** Per-source tuning, keyed by the source name given to `mine`. */
    overrides: z.record(z.string().min(1), SourceOverride),
  })
  .strict();
export type TemplateMinerConfig = z.infer<typeof TemplateMinerConfig>;

/** The one built-in configuration, chosen to work across systems without per-source tuning. */
export const DEFAULT_TEMPLATE_MINER_CONFIG: TemplateMinerConfig = Object.freeze({
  similarityThreshold: 0.95,
  depth: 2,
  maxChildren: 100,
  mergeAfterValues: 7,
  maxClusters: 50_000,
  overrides: {},
});

/** Validates a (partial) configuration over the defaults; throws TemplateMinerConfigError naming the bad key. */
export function parseTemplateMinerConfig(input: unknown = {}): TemplateMinerConfig {
  if (!isObject(input)) throw new TemplateMinerConfigError('(root)', 'expected an object');
  const result = TemplateMinerConfig.safeParse({ ...DEFAULT_TEMPLATE_MINER_CONFIG, ...input });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new TemplateMinerConfigError('(root)', 'invalid');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  throw new TemplateMinerConfigError(path.length === 0 ? '(root)' : path.join('.'), issue.message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
