/** Go escapes that JavaScript (without the `u` flag) would silently read as a literal letter. */
const GO_ONLY_ESCAPES = new Set(['A', 'z', 'Q', 'E', 'C', 'p', 'P']);

/**
 * Compiles a Prometheus (Go RE2) relabel regex as JavaScript, fully anchored like Prometheus: `^(?:pattern)$`.
 * Translates what differs in common use: `(?P<name>` named groups, a leading `]` in a class, and leading `(?i)`/`(?s)`/`(?is)` flags.
 * Go-only syntax that would silently mean something else in JavaScript (`\z`, `\Q`, `\pL`, `[[:alpha:]]`...) and
 * anything JavaScript cannot compile throw SyntaxError, so a config using them fails at load.
 */
export function compileAnchoredRegex(pattern: string): RegExp {
  let source = translate(pattern);
  let flags = '';
  const leadingFlags = /^\(\?([is]+)\)/.exec(source);
  if (leadingFlags) {
    flags = [...new Set(leadingFlags[1])].join('');
    source = source.slice(leadingFlags[0].length);
  }
  // Never `g` or `y`: the compiled regex is shared, and those flags make test()/exec() stateful.
  return new RegExp(`^(?:${source})$`, flags);
}

/** `(?P<name>` → `(?<name>`, skipping escaped characters and character classes; rejects Go-only syntax. */
function translate(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      const escaped = pattern.charAt(i + 1);
      if (GO_ONLY_ESCAPES.has(escaped)) throw new SyntaxError(`Go-only escape \\${escaped} is not supported`);
      out += c + escaped;
      i++;
    } else if (inClass) {
      if (pattern.startsWith('[:', i))
        throw new SyntaxError('POSIX character classes like [[:alpha:]] are not supported');
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      out += c;
      inClass = true;
      // In Go a `]` right after `[` or `[^` is a class member; in JavaScript `[]` is an empty class, so escape it.
      if (pattern.charAt(i + 1) === '^') out += pattern.charAt(++i);
      if (pattern.charAt(i + 1) === ']') {
        out += '\\]';
        i++;
      }
    } else if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else {
      out += c;
    }
  }
  return out;
}
