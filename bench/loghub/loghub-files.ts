import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A Loghub-2k system folder that is missing a file or has a malformed ground truth. */
export class LoghubDataError extends Error {
  override readonly name = 'LoghubDataError';
}

export interface LoghubSystemFiles {
  /** Raw lines of `<System>_2k.log` (CRLF or LF), without the empty tail after the last newline. */
  readonly lines: string[];
  /** Ground truth: LineId → EventId from `<System>_2k.log_structured.csv`. */
  readonly truth: Map<number, string>;
}

export async function readLoghubSystem(dataDir: string, system: string): Promise<LoghubSystemFiles> {
  const base = join(dataDir, system, `${system}_2k.log`);
  const [log, structured] = await Promise.all([readText(base), readText(`${base}_structured.csv`)]);
  const lines = log.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { lines, truth: parseTruth(structured, `${base}_structured.csv`) };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LoghubDataError(code === 'ENOENT' ? `no file ${path}` : `cannot read ${path}: ${(err as Error).message}`);
  }
}

function parseTruth(text: string, path: string): Map<number, string> {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const lineCol = header.indexOf('LineId');
  const eventCol = header.indexOf('EventId');
  if (lineCol < 0 || eventCol < 0) throw new LoghubDataError(`${path}: no LineId/EventId columns`);
  const truth = new Map<number, string>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && row[0] === '') continue;
    const lineId = Number(row[lineCol]);
    const eventId = row[eventCol];
    if (!Number.isInteger(lineId)) throw new LoghubDataError(`${path}: row ${r + 1}: bad LineId`);
    if (eventId !== undefined && eventId !== '') truth.set(lineId, eventId);
  }
  return truth;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
