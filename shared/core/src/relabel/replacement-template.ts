/** A compiled replacement: literal text, a group number, or a group name. */
export type TemplatePart = string | number | { group: string };

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

/**
 * Compiles a replacement with Go's `regexp.Expand` rules, which Prometheus uses: `$1`, `${1}`, `$name`, `${name}`,
 * `$$` for a literal `$`. A name is as long as possible (`$1x` means group `1x`, which does not exist, so it expands
 * to nothing); a malformed reference (`$`, `${`, `${}`, `${x`) is kept as literal text.
 */
export function compileTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, dollar);
    i = dollar + 1;
    if (template.charAt(i) === '$') {
      literal += '$';
      i++;
      continue;
    }
    const braced = template.charAt(i) === '{';
    let end = braced ? i + 1 : i;
    while (end < template.length && NAME_CHAR.test(charAt(template, end))) end += charAt(template, end).length;
    const name = template.slice(braced ? i + 1 : i, end);
    if (name === '' || (braced && template.charAt(end) !== '}')) {
      literal += '$';
      continue;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(groupReference(name));
    i = braced ? end + 1 : end;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/** The full code point at `index` (so names may contain letters outside the BMP, as in Go). */
function charAt(s: string, index: number): string {
  return String.fromCodePoint(s.codePointAt(index) ?? 0);
}

/** ASCII digits without a leading zero are a group number; anything else is a group name. */
function groupReference(name: string): number | { group: string } {
  if (/^(?:0|[1-9][0-9]*)$/.test(name)) return Number(name);
  return { group: name };
}

export function expandTemplate(parts: readonly TemplatePart[], match: RegExpExecArray): string {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (typeof part === 'number') out += match[part] ?? '';
    else out += match.groups?.[part.group] ?? '';
  }
  return out;
}
