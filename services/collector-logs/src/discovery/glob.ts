/** A glob pattern that does not compile (unclosed `[`, trailing `\`). */
export class GlobSyntaxError extends Error {
  override name = 'GlobSyntaxError';
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/** The `[...]` class starting at `pattern[start]`, as a regex class, and the index after it. */
function characterClass(pattern: string, start: number): { source: string; next: number } {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  // A `]` right after the opening (or the negation) is a literal member, as in POSIX globs.
  if (pattern[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < pattern.length && pattern[i] !== ']'; i++) {
    const c = pattern[i]!;
    body += c === '-' ? '-' : escapeRegex(c);
  }
  if (i >= pattern.length) throw new GlobSyntaxError(`unclosed [ in glob ${JSON.stringify(pattern)}`);
  return { source: `[${negate ? '^' : ''}${body}]`, next: i + 1 };
}

/**
 * Compiles a glob on one name (a namespace, pod or container name; no path separators): `*` any run of characters,
 * `?` one character, `[abc]`, `[a-z]`, `[!x]` character classes, `\` escapes the next character. Whole-name match.
 */
export function compileGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === '*') {
      while (pattern[i] === '*') i++;
      source += '.*';
    } else if (c === '?') {
      source += '.';
      i++;
    } else if (c === '[') {
      const cls = characterClass(pattern, i);
      source += cls.source;
      i = cls.next;
    } else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new GlobSyntaxError(`trailing \\ in glob ${JSON.stringify(pattern)}`);
      source += escapeRegex(next);
      i += 2;
    } else {
      source += escapeRegex(c);
      i++;
    }
  }
  return new RegExp(`^${source}$`, 's');
}

/** Whether `name` matches any of the globs. */
export function matchesAny(globs: readonly RegExp[], name: string): boolean {
  for (const glob of globs) if (glob.test(name)) return true;
  return false;
}
