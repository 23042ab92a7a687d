import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CostMatrix, WindowRows } from './sweeper';

/** One NAB data file: `data/<category>/<name>.csv` with `timestamp,value` rows. */
export interface NabFile {
  /** `<category>/<name>.csv`, the key NAB uses in its label files. */
  key: string;
  category: string;
  name: string;
  /** Timestamps exactly as written in the file (kept for the results CSV). */
  rawTimestamps: string[];
  timestamps: number[];
  values: number[];
  windows: WindowRows[];
}

export interface NabCorpus {
  files: NabFile[];
  profiles: Record<string, CostMatrix>;
}

/** The NAB folder is missing something or holds something this loader cannot read. */
export class NabCorpusError extends Error {
  override name = 'NabCorpusError';
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** NAB timestamps are naive "YYYY-MM-DD HH:MM:SS[.ffffff]"; read as UTC milliseconds. */
export function parseNabTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) throw new NabCorpusError(`not a NAB timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new NabCorpusError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

export function parseNabCsv(text: string, path: string): { rawTimestamps: string[]; values: number[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (header?.[0] !== 'timestamp' || header[1] !== 'value') {
    throw new NabCorpusError(`${path}: expected header "timestamp,value"`);
  }
  const rawTimestamps: string[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [ts, v] = (lines[i] ?? '').split(',');
    const value = Number(v);
    if (ts === undefined || v === undefined || !Number.isFinite(value)) {
      throw new NabCorpusError(`${path}:${i + 1}: expected "timestamp,value", got ${JSON.stringify(lines[i])}`);
    }
    rawTimestamps.push(ts.trim());
    values.push(value);
  }
  return { rawTimestamps, values };
}

/** Turns timestamp windows into row windows; NAB requires both ends to be timestamps of the file. */
export function windowsToRows(key: string, timestamps: readonly number[], windows: unknown): WindowRows[] {
  if (!Array.isArray(windows)) throw new NabCorpusError(`labels for ${key}: expected a list of windows`);
  const index = new Map<number, number>();
  timestamps.forEach((t, i) => index.set(t, i));
  const rows = windows.map((w: unknown) => {
    if (!Array.isArray(w) || w.length !== 2 || typeof w[0] !== 'string' || typeof w[1] !== 'string') {
      throw new NabCorpusError(`labels for ${key}: a window must be [start, end] timestamps`);
    }
    const start = index.get(parseNabTimestamp(w[0]));
    const end = index.get(parseNabTimestamp(w[1]));
    if (start === undefined || end === undefined || end < start) {
      throw new NabCorpusError(`labels for ${key}: window ${JSON.stringify(w)} does not match rows of the file`);
    }
    return { start, end };
  });
  rows.sort((a, b) => a.start - b.start);
  return rows;
}

function readProfiles(path: string): Record<string, CostMatrix> {
  const raw = readJson(path);
  const profiles: Record<string, CostMatrix> = {};
  for (const [name, profile] of Object.entries(raw as Record<string, { CostMatrix?: Partial<CostMatrix> }>)) {
    const c = profile.CostMatrix;
    if (typeof c?.tpWeight !== 'number' || typeof c.fpWeight !== 'number' || typeof c.fnWeight !== 'number') {
      throw new NabCorpusError(`${path}: profile ${name} needs CostMatrix.tpWeight, fpWeight and fnWeight`);
    }
    profiles[name] = { tpWeight: c.tpWeight, fpWeight: c.fpWeight, fnWeight: c.fnWeight };
  }
  return profiles;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Loads `data/<category>/*.csv`, `labels/combined_windows.json` and `config/profiles.json`, in sorted order. */
export function loadNabCorpus(root: string): NabCorpus {
  const dataDir = join(root, 'data');
  if (!isDir(dataDir)) throw new NabCorpusError(`${dataDir} is not a directory (expected a NAB-layout folder)`);
  const labels = readJson(join(root, 'labels', 'combined_windows.json')) as Record<string, unknown>;
  const profiles = readProfiles(join(root, 'config', 'profiles.json'));
  const files: NabFile[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    if (!isDir(join(dataDir, category))) continue;
    for (const name of readdirSync(join(dataDir, category)).sort()) {
      if (!name.endsWith('.csv')) continue;
      const key = `${category}/${name}`;
      const path = join(dataDir, category, name);
      const { rawTimestamps, values } = parseNabCsv(readFileSync(path, 'utf8'), path);
      const timestamps = rawTimestamps.map(parseNabTimestamp);
      if (!(key in labels)) throw new NabCorpusError(`labels/combined_windows.json has no entry for ${key}`);
      const windows = windowsToRows(key, timestamps, labels[key]);
      files.push({ key, category, name, rawTimestamps, timestamps, values, windows });
    }
  }
  if (files.length === 0) throw new NabCorpusError(`no CSV files under ${dataDir}`);
  return { files, profiles };
}
