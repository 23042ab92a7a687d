import type { RedactionRule } from './rule';

export interface CustomRuleConfig {
  name: string;
  pattern: string;
  flags: string;
  replacement?: string;
  keywords?: string[];
}

/** `$&`, `$1`..`$99`, `$<name>` and `$$` in a replacement, as String.prototype.replace reads them. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|&|\d{1,2}|<([^>]*)>)/g, (token: string, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return match[0];
    if (name !== undefined) return match.groups?.[name] ?? '';
    const index = Number(what);
    return index < match.length ? (match[index] ?? '') : token;
  });
}

/**
 * A user rule: every match of `pattern` becomes `replacement` (default: the processor's), which may refer to groups
 * to keep parts of the match (`$1=[REDACTED]`). Its speed is the user's: without `keywords` it runs on every line,
 * and a pattern with nested quantifiers can backtrack badly.
 */
export function customRule(config: CustomRuleConfig): RedactionRule {
  const flags = config.flags.includes('g') ? config.flags : `${config.flags}g`;
  const pattern = new RegExp(config.pattern, flags);
  return {
    name: config.name,
    keywords: (config.keywords ?? []).map((k) => k.toLowerCase()),
    redact(text, replacement, onSecret) {
      pattern.lastIndex = 0;
      let out = '';
      let last = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (m[0] === '') {
          pattern.lastIndex++;
          continue;
        }
        out +=
          text.slice(last, m.index) + (config.replacement === undefined ? replacement : expand(config.replacement, m));
        last = m.index + m[0].length;
        onSecret(m[0]);
      }
      return last === 0 && out === '' ? text : out + text.slice(last);
    },
  };
}
