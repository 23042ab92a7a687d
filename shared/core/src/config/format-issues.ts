import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { formatPath } from './config-error';
import { objectKeys, schemaAt } from './schema-walk';

/**
 * zod issues → problems that name the key. Unknown keys (from `.strict()`) are reported one per key, with the closest
 * known key as a hint, because a typo ("kafak") is by far their most common cause. Zod messages never contain the
 * rejected value (reportInput is off), so secrets cannot leak into them.
 */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  origins: ReadonlyMap<string, string> = new Map(),
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = formatPath(path);
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeys(schemaAt(schema, path));
      for (const key of issue.keys) {
        const hint = closest(key, known);
        const origin = originOf(origins, [...path, key], 'self-or-descendant');
        problems.push({
          path: formatPath([...path, key]),
          message:
            `unknown key "${key}" at ${where === '' ? 'root' : where}` +
            (hint ? ` (did you mean "${hint}"?)` : '') +
            (origin ? ` (set by ${origin})` : ''),
        });
      }
      continue;
    }
    const origin = originOf(origins, path, 'self-or-ancestor');
    const detail = issue.message.replace(/^Invalid input: /, '');
    problems.push({
      path: where,
      message: `${where === '' ? '(root)' : where}: ${detail}${origin ? ` (set by ${origin})` : ''}`,
    });
  }
  return problems;
}

/** The environment variable that set this key, a key above it, or (for an unknown key) a key below it. */
function originOf(
  origins: ReadonlyMap<string, string>,
  path: readonly (string | number)[],
  direction: 'self-or-ancestor' | 'self-or-descendant',
): string | undefined {
  const dotted = path.join('.');
  for (const [originPath, variable] of origins) {
    if (originPath === dotted) return variable;
    if (direction === 'self-or-ancestor' && dotted.startsWith(`${originPath}.`)) return variable;
    if (direction === 'self-or-descendant' && originPath.startsWith(`${dotted}.`)) return variable;
  }
  return undefined;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
