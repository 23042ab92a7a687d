import type { LineCursor } from './line-cursor';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const EQUALS = 0x3d;
const COMMA = 0x2c;

/** Assigns an own property even for the name `__proto__`, which plain assignment would treat as the prototype. */
export function setLabel(labels: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') {
    Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    labels[name] = value;
  }
}

function addLabel(cursor: LineCursor, labels: Record<string, string>, name: string, value: string): void {
  if (Object.hasOwn(labels, name)) cursor.fail(`duplicate label name ${name}`);
  if (name === '__name__') cursor.fail('label name __name__ is reserved');
  setLabel(labels, name, value);
}

/**
 * Reads `{name="value",...}` starting at the opening brace. The text format allows blanks between tokens and a
 * trailing comma; OpenMetrics allows neither.
 */
export function readLabelSet(cursor: LineCursor): Record<string, string> {
  const labels: Record<string, string> = {};
  const lenient = cursor.format === 'text';
  cursor.expect(OPEN_BRACE, '{');
  if (lenient) cursor.skipBlanks();
  if (cursor.peek() === CLOSE_BRACE) {
    cursor.pos++;
    return labels;
  }
  for (;;) {
    const name = cursor.readLabelName();
    if (lenient) cursor.skipBlanks();
    cursor.expect(EQUALS, `= after label name ${name}`);
    if (lenient) cursor.skipBlanks();
    addLabel(cursor, labels, name, cursor.readQuotedValue());
    if (lenient) cursor.skipBlanks();
    const c = cursor.peek();
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) cursor.fail(`expected , or } after the value of label ${name}`);
    cursor.pos++;
    if (lenient) {
      cursor.skipBlanks();
      if (cursor.peek() === CLOSE_BRACE) break;
    }
  }
  cursor.pos++;
  return labels;
}
