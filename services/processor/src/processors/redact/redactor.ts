import { isSecretKey, isSecretValue } from './rules/credentials';
import type { RedactionRule } from './rules/rule';

/** Called once per secret removed, with the rule's name and the text removed. */
export type OnRedaction = (rule: string, secret: string) => void;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MAX_DEPTH = 32;

/** The rule that redacts attribute values by their key (`attributes.password`), counted like key=value text. */
export const SECRET_ATTRIBUTE_RULE = 'key-value-secret';

/**
 * A set of rules behind one combined gate: a text none of the rules' keywords or gates match (most log lines) costs
 * one regex test; otherwise each rule whose own keyword or gate matches runs, in order.
 */
export class Redactor {
  private readonly gate: RegExp | undefined;

  constructor(
    private readonly rules: readonly RedactionRule[],
    private readonly replacement: string,
  ) {
    const parts: string[] = [];
    let ungated = false;
    for (const rule of rules) {
      for (const keyword of rule.keywords ?? []) parts.push(escapeRegExp(keyword));
      if (rule.gate !== undefined) parts.push(rule.gate.source);
      if ((rule.keywords === undefined || rule.keywords.length === 0) && rule.gate === undefined) ungated = true;
    }
    this.gate = ungated || parts.length === 0 ? undefined : new RegExp(parts.join('|'), 'i');
  }

  redactText(text: string, onRedaction: OnRedaction): string {
    if (this.gate !== undefined && !this.gate.test(text)) return text;
    let lower: string | undefined;
    let out = text;
    for (const rule of this.rules) {
      const keywords = rule.keywords ?? [];
      let runs = keywords.length === 0 && rule.gate === undefined;
      if (!runs && keywords.length > 0) {
        lower ??= out.toLowerCase();
        runs = keywords.some((k) => lower!.includes(k));
      }
      if (!runs && rule.gate !== undefined) runs = rule.gate.test(out);
      if (!runs) continue;
      const next = rule.redact(out, this.replacement, (secret) => onRedaction(rule.name, secret));
      if (next !== out) {
        out = next;
        lower = undefined;
      }
    }
    return out;
  }

  /**
   * A copy of a parsed structure with secrets redacted in its strings, and string values under secret keys replaced
   * whole; the same object when nothing changed. Numbers and booleans are kept (a string in their place would break
   * the field's mapping).
   */
  redactValue(value: unknown, onRedaction: OnRedaction, key = '', depth = 0): unknown {
    if (typeof value === 'string') {
      if (key !== '' && isSecretKey(key) && isSecretValue(key, value) && value !== this.replacement) {
        onRedaction(SECRET_ATTRIBUTE_RULE, value);
        return this.replacement;
      }
      return this.redactText(value, onRedaction);
    }
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((item) => {
        const next = this.redactValue(item, onRedaction, key, depth + 1);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const next = this.redactValue(v, onRedaction, k, depth + 1);
      if (next !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = next;
    }
    return copy ?? value;
  }
}
