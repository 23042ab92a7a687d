import { createCriHeader, scanCriHeader } from './cri';
import { scanDockerJson } from './docker-json';
import type { LogFormat } from './types';

function lineText(line: string | Buffer): { bytes: Buffer; text: string } {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  return { bytes: bytes.subarray(0, end), text: bytes.toString('utf8', 0, end) };
}

/** The format of one line, or undefined when it is in neither format. */
export function detectLineFormat(line: string | Buffer): LogFormat | undefined {
  const { bytes, text } = lineText(line);
  // A CRI line starts with a digit, a json-file line with `{`: the two can never both match.
  if (typeof scanDockerJson(text) !== 'string') return 'docker-json';
  if (scanCriHeader(bytes, bytes.length, createCriHeader()) === undefined) return 'cri';
  return undefined;
}

/**
 * Detects a file's format from its first lines: the first line that parses in one of the formats decides, because a
 * runtime writes a whole file in one format. Undefined when no line parses (the caller waits for more lines or gives
 * the file up).
 */
export function detectFormat(lines: readonly (string | Buffer)[]): LogFormat | undefined {
  for (const line of lines) {
    const format = detectLineFormat(line);
    if (format !== undefined) return format;
  }
  return undefined;
}
