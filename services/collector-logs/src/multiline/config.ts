import { z } from 'zod';
import { BUILTIN_MULTILINE_RULE_NAMES } from './rules/builtin';

const regexSource = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
    }
  });

export const CustomMultilineRuleConfig = z
  .object({
    name: z.string().min(1),
    /** A line matching this opens an event. */
    start: regexSource,
    /** Lines matching this, right after the event's previous line on the same stream, join it. */
    continue: regexSource,
  })
  .strict();
export type CustomMultilineRuleConfig = z.infer<typeof CustomMultilineRuleConfig>;

export const MultilineConfig = z
  .object({
    builtin: z.array(z.enum(BUILTIN_MULTILINE_RULE_NAMES)).default([...BUILTIN_MULTILINE_RULE_NAMES]),
    custom: z.array(CustomMultilineRuleConfig).max(16).default([]),
    /** An event reaching this many lines is emitted; the following lines start a new event. */
    maxLines: z.number().int().min(1).default(500),
    /** Same for the UTF-8 size of the joined message. */
    maxBytes: z
      .number()
      .int()
      .min(1)
      .default(512 * 1024),
    /** An event whose last line is this old is emitted even though its end was not seen. */
    flushTimeoutMs: z.number().int().min(1).default(1000),
  })
  .strict();
export type MultilineConfig = z.infer<typeof MultilineConfig>;
export type MultilineConfigInput = z.input<typeof MultilineConfig>;

export class MultilineConfigError extends Error {
  override name = 'MultilineConfigError';
}

/** Validates a multiline configuration; throws MultilineConfigError naming the offending key. */
export function parseMultilineConfig(input: unknown, key = 'multiline'): MultilineConfig {
  const result = MultilineConfig.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[key, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new MultilineConfigError(`invalid multiline config: ${problems.join('; ')}`);
}
