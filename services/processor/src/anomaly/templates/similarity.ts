import { WILDCARD } from './masking';

/**
 * Position-by-position agreement of a message with a template of the same length: the share of the template's
 * constant tokens that the message repeats. A message variable against a template constant is a disagreement. A
 * template with no constants (a line that was all values) matches only messages with no constants either, so that
 * it cannot swallow every message of its length.
 */
export function similarity(template: readonly string[], tokens: readonly string[]): number {
  let same = 0;
  let constants = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    if (t === WILDCARD) continue;
    constants++;
    if (t === tokens[i]) same++;
  }
  if (constants > 0) return same / constants;
  for (let i = 0; i < tokens.length; i++) if (tokens[i] !== WILDCARD) return 0;
  return 1;
}

/** How many `<*>` a template holds; between equally similar templates, Drain prefers the more general one. */
export function variableCount(template: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < template.length; i++) if (template[i] === WILDCARD) n++;
  return n;
}

/** Turns every template position where the message differs into `<*>`; true when the template changed. */
export function generalize(template: string[], tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== WILDCARD && template[i] !== tokens[i]) {
      template[i] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}
