import { ExpositionError } from './exposition-error';
import type { ExpositionFormat } from './types';

export const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const UNDERSCORE = 0x5f;

function isLetterOrUnderscore(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || c === UNDERSCORE;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Hand-written scanner over one line of the body at a time (`pos`..`end` of `src`), so parsing is a single pass with
 * no regular expressions and no per-line string copies. Every failure names the line.
 */
export class LineCursor {
  pos = 0;
  end = 0;
  line = 0;
  private next = 0;

  constructor(
    readonly src: string,
    readonly format: ExpositionFormat,
  ) {}

  /** Moves to the next line. Returns false when the body is exhausted. */
  nextLine(): boolean {
    if (this.next >= this.src.length) return false;
    this.line++;
    this.pos = this.next;
    const newline = this.src.indexOf('\n', this.pos);
    this.end = newline === -1 ? this.src.length : newline;
    this.next = newline === -1 ? this.src.length : newline + 1;
    // Some hand-written text exporters emit CRLF; OpenMetrics forbids it, so there the CR makes the line invalid.
    if (this.format === 'text' && this.end > this.pos && this.src.charCodeAt(this.end - 1) === CARRIAGE_RETURN) {
      this.end--;
    }
    return true;
  }

  /** Whether the current line was terminated by a line feed. */
  lineHasNewline(): boolean {
    return this.src.charCodeAt(this.next - 1) === NEWLINE;
  }

  /** Everything after the current line. */
  remainder(): string {
    return this.src.slice(this.next);
  }

  fail(reason: string): never {
    throw new ExpositionError(this.format, this.line, reason);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number {
    return this.pos < this.end ? this.src.charCodeAt(this.pos) : -1;
  }

  lineText(): string {
    return this.src.slice(this.pos, this.end);
  }

  /** Skips spaces and tabs; returns how many were skipped. */
  skipBlanks(): number {
    const start = this.pos;
    while (this.pos < this.end) {
      const c = this.src.charCodeAt(this.pos);
      if (c !== SPACE && c !== TAB) break;
      this.pos++;
    }
    return this.pos - start;
  }

  /** Consumes `char` or fails with "expected <what>". */
  expect(char: number, what: string): void {
    if (this.peek() !== char) this.fail(`expected ${what} ${this.describeHere()}`);
    this.pos++;
  }

  /** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
  readMetricName(): string {
    const start = this.pos;
    let c = this.peek();
    if (!isLetterOrUnderscore(c) && c !== COLON) this.fail(`expected a metric name ${this.describeHere()}`);
    do {
      this.pos++;
      c = this.peek();
    } while (isLetterOrUnderscore(c) || isDigit(c) || c === COLON);
    return this.src.slice(start, this.pos);
  }

  /** `[a-zA-Z_][a-zA-Z0-9_]*` */
  readLabelName(): string {
    const start = this.pos;
    let c = this.peek();
    if (!isLetterOrUnderscore(c)) this.fail(`expected a label name ${this.describeHere()}`);
    do {
      this.pos++;
      c = this.peek();
    } while (isLetterOrUnderscore(c) || isDigit(c));
    return this.src.slice(start, this.pos);
  }

  /** Reads up to the next space or tab (or the end of the line). */
  readToken(): string {
    const start = this.pos;
    while (this.pos < this.end) {
      const c = this.src.charCodeAt(this.pos);
      if (c === SPACE || c === TAB) break;
      this.pos++;
    }
    return this.src.slice(start, this.pos);
  }

  /** Reads a double-quoted label value and unescapes `\\`, `\"` and `\n`. */
  readQuotedValue(): string {
    this.expect(QUOTE, 'a quoted label value');
    const start = this.pos;
    let out = '';
    let chunk = start;
    while (this.pos < this.end) {
      const c = this.src.charCodeAt(this.pos);
      if (c === QUOTE) {
        const value = chunk === start ? this.src.slice(start, this.pos) : out + this.src.slice(chunk, this.pos);
        this.pos++;
        return value;
      }
      if (c === BACKSLASH) {
        if (this.pos + 1 >= this.end) break;
        out += this.src.slice(chunk, this.pos) + this.unescape(this.src.charCodeAt(this.pos + 1), true);
        this.pos += 2;
        chunk = this.pos;
      } else {
        this.pos++;
      }
    }
    return this.fail('unterminated label value');
  }

  /** Unescapes a `# HELP` docstring from the current position to the end of the line. */
  readHelpText(): string {
    const text = this.src.slice(this.pos, this.end);
    this.pos = this.end;
    if (text.indexOf('\\') === -1) return text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== BACKSLASH) {
        out += text[i];
      } else if (i + 1 < text.length) {
        out += this.unescape(text.charCodeAt(++i), this.format === 'openmetrics');
      } else if (this.format === 'openmetrics') {
        this.fail('HELP text ends with a lone backslash');
      } else {
        out += '\\';
      }
    }
    return out;
  }

  /**
   * `\\` and `\n` everywhere, `\"` in label values and OpenMetrics HELP. Other escapes are errors in OpenMetrics; the
   * text format keeps them verbatim, as Prometheus does.
   */
  private unescape(c: number, quoteAllowed: boolean): string {
    if (c === BACKSLASH) return '\\';
    if (c === 0x6e) return '\n';
    if (c === QUOTE && quoteAllowed) return '"';
    if (this.format === 'openmetrics') this.fail(`invalid escape sequence \\${String.fromCharCode(c)}`);
    return '\\' + String.fromCharCode(c);
  }

  private describeHere(): string {
    if (this.atEnd()) return 'at end of line';
    return `at column ${this.pos - (this.src.lastIndexOf('\n', this.pos - 1) + 1) + 1} (found ${JSON.stringify(this.src[this.pos])})`;
  }
}
