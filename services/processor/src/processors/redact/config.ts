import { z } from 'zod';
import { BUILTIN_RULE_NAMES } from './rules/builtin';

const RuleName = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'expected a lower-case name like "my-rule"');

export const CustomRedactionRule = z
  .object({
    name: RuleName,
    /** A JavaScript regular expression; every match is replaced. */
    pattern: z.string().min(1),
    /** Regex flags besides `g` (always on): i, m, s, u. */
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'expected flags among i, m, s, u')
      .default(''),
    /** Default: the processor's `replacement`. `$1`, `$<name>`, `$&` refer to the match. */
    replacement: z.string().optional(),
    /** Substrings (any case) of which one must occur for the rule to run: keeps the pre-check cheap. */
    keywords: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    try {
      new RegExp(rule.pattern, rule.flags);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `not a valid regular expression: ${(err as Error).message}`,
      });
    }
  });
export type CustomRedactionRule = z.output<typeof CustomRedactionRule>;

export const RedactConfig = z
  .object({
    replacement: z.string().min(1).default('[REDACTED]'),
    /** Built-in rules to turn off, by name. */
    disable: z.array(z.enum(BUILTIN_RULE_NAMES)).default([]),
    /** Extra rules, run after the built-in ones. */
    rules: z.array(CustomRedactionRule).default([]),
    /** Also redact string values of `attributes` (fields parsed from structured bodies). */
    attributes: z.boolean().default(true),
    /** Added to `tags` of a record that had something redacted. */
    tag: z.string().min(1).default('redacted'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>(BUILTIN_RULE_NAMES);
    config.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'name'],
          message: `rule name "${rule.name}" is already used`,
        });
      }
      seen.add(rule.name);
    });
  });
export type RedactConfig = z.output<typeof RedactConfig>;
