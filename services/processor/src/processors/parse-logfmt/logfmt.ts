import type { BodyParse } from '../shared/structured-body';

const SPACE = /\s/;

function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined) return undefined;
    value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
  }
  return undefined;
}

/**
 * logfmt (`level=info msg="hello \"you\"" took=3ms debug`): values stay strings, a bare key is `true`, the last of
 * repeated keys wins. Text is logfmt only when its first token is a key=value pair; an unterminated quote or a quote
 * inside a key fails it.
 */
export function parseLogfmtBody(text: string): BodyParse {
  const entries: [string, string | true][] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SPACE.test(text[i]!)) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && !SPACE.test(text[i]!)) i++;
    const key = text.slice(keyStart, i);
    if (text[i] !== '=') {
      if (entries.length === 0) return { kind: 'unstructured' };
      if (key.includes('"')) return { kind: 'failed' };
      entries.push([key, true]);
      continue;
    }
    if (key === '' || key.includes('"')) return entries.length === 0 ? { kind: 'unstructured' } : { kind: 'failed' };
    i++; // '='
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (!quoted) return { kind: 'failed' };
      entries.push([key, quoted.value]);
      i = quoted.end;
    } else {
      const valueStart = i;
      while (i < text.length && !SPACE.test(text[i]!)) i++;
      entries.push([key, text.slice(valueStart, i)]);
    }
  }
  if (entries.length === 0) return { kind: 'unstructured' };
  return { kind: 'parsed', fields: Object.fromEntries(entries) };
}
