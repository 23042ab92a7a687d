/** Reports one secret a rule removed (the text it replaced). */
export type OnSecret = (secret: string) => void;

/**
 * One kind of secret. `redact` must run in time linear in the text: every regex starts at a literal or behind a
 * one-character lookbehind, and its quantifiers either are bounded or stop at a character the next token cannot
 * match, so no position is scanned more than a bounded number of times.
 */
export interface RedactionRule {
  readonly name: string;
  /**
   * Lower-case substrings of which at least one occurs (case-insensitively) in any text the rule can change: the
   * cheap gate before the regex. A rule without keywords needs `gate`.
   */
  readonly keywords?: readonly string[];
  /** A cheap regex any text the rule can change matches; for rules without a literal to look for. */
  readonly gate?: RegExp;
  redact(text: string, replacement: string, onSecret: OnSecret): string;
}

/**
 * A rule from one global regex: `secretGroup` is the capture group holding the secret (0: the whole match; several:
 * the first that took part in the match), and only that part is replaced; the rest of the match (a key, a scheme) is
 * kept. `accept` may veto a match.
 */
export function regexRule(options: {
  name: string;
  keywords?: readonly string[];
  gate?: RegExp;
  pattern: RegExp;
  secretGroup?: number | readonly number[];
  accept?: (secret: string, groups: readonly (string | undefined)[]) => boolean;
}): RedactionRule {
  const { name, keywords, gate, pattern, accept } = options;
  if (keywords === undefined && gate === undefined) throw new TypeError(`rule ${name}: give keywords or a gate`);
  const groups = typeof options.secretGroup === 'number' ? [options.secretGroup] : (options.secretGroup ?? [0]);
  if (!pattern.global) throw new TypeError(`rule ${name}: the pattern needs the g flag`);
  if (!pattern.hasIndices && groups.some((g) => g !== 0)) {
    throw new TypeError(`rule ${name}: a secret group needs the d flag`);
  }
  return {
    name,
    ...(keywords !== undefined ? { keywords } : {}),
    ...(gate !== undefined ? { gate } : {}),
    redact(text, replacement, onSecret) {
      pattern.lastIndex = 0;
      let out = '';
      let last = 0;
      let changed = false;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (m[0] === '') {
          pattern.lastIndex++;
          continue;
        }
        const group = groups.find((g) => m[g] !== undefined) ?? 0;
        const span: readonly [number, number] | undefined =
          group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
        const secret = m[group];
        // Already redacted by an earlier rule (a key=value rule sees `token=[REDACTED]`).
        if (span === undefined || !secret || secret.startsWith(replacement) || replacement.startsWith(secret)) continue;
        if (accept !== undefined && !accept(secret, m)) continue;
        out += text.slice(last, span[0]) + replacement;
        last = span[1];
        changed = true;
        onSecret(secret);
      }
      return changed ? out + text.slice(last) : text;
    },
  };
}
