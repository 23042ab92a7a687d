const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const WORD_CHAR = /^\w$/;

/** Prometheus (legacy, pre-UTF-8) label name: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/**
 * A label name that may contain `$name` / `${name}` references (`target_label` of replace, `replacement` of
 * labelmap), as Prometheus accepts it: starts with a letter, `_` or a reference; otherwise word characters.
 * Scanned by hand rather than with Prometheus's nested-quantifier regex, which backtracks badly in JavaScript.
 */
export function isValidLabelNameTemplate(template: string): boolean {
  if (template.length === 0 || /^[0-9]/.test(template)) return false;
  let i = 0;
  while (i < template.length) {
    const c = template.charAt(i);
    if (c !== '$') {
      if (!WORD_CHAR.test(c)) return false;
      i++;
      continue;
    }
    i++;
    const braced = template.charAt(i) === '{';
    if (braced) i++;
    const nameStart = i;
    while (i < template.length && WORD_CHAR.test(template.charAt(i))) i++;
    if (i === nameStart) return false;
    if (braced) {
      if (template.charAt(i) !== '}') return false;
      i++;
    }
  }
  return true;
}
