import { z } from 'zod';
import { getField, parseFieldPath, scalarText } from '../shared/field-path';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

const Regex = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const TESTS = ['equals', 'regex', 'exists', 'in'] as const;

/**
 * One test on one field (dotted path). Exactly one of: `equals` (scalars compare as text: 200 matches "200"),
 * `regex` (JavaScript syntax, unanchored; matched against a scalar's text), `exists` (true: the field has a value
 * other than null; false: it has none), `in` (equals one of a list). `not: true` negates the test.
 */
export const ConditionConfig = z
  .object({
    field: z.string().min(1),
    equals: Scalar.optional(),
    regex: Regex.optional(),
    exists: z.boolean().optional(),
    in: z.array(Scalar).min(1).optional(),
    not: z.boolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    const given = TESTS.filter((t) => c[t] !== undefined);
    if (given.length !== 1) {
      const message = `needs exactly one of ${TESTS.join(', ')}${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`;
      ctx.addIssue({ code: 'custom', path: given.length > 1 ? [given[1]!] : [], message });
    }
  });
export type ConditionConfig = z.output<typeof ConditionConfig>;

export type Predicate = (record: unknown) => boolean;

export function compileCondition(condition: ConditionConfig): Predicate {
  const path = parseFieldPath(condition.field);
  let test: (value: unknown) => boolean;
  if (condition.exists !== undefined) {
    const wanted = condition.exists;
    test = (value) => (value !== undefined && value !== null) === wanted;
  } else if (condition.regex !== undefined) {
    const regex = condition.regex;
    test = (value) => {
      const text = scalarText(value);
      return text !== undefined && regex.test(text);
    };
  } else {
    const accepted = new Set((condition.in ?? [condition.equals!]).map(String));
    test = (value) => {
      const text = scalarText(value);
      return text !== undefined && accepted.has(text);
    };
  }
  const negate = condition.not;
  return (record) => test(getField(record, path)) !== negate;
}
