import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One detector's per-file raw scores for one profile, as NAB writes them in `<detector>_<profile>_scores.csv`. */
export interface PublishedScores {
  detector: string;
  profile: string;
  /** Raw score per file key (`<category>/<name>.csv`). */
  files: Map<string, number>;
  /** The file's `Totals` row: the raw score over every file it lists. */
  total: number | undefined;
}

/** A published scores file is not in NAB's layout. */
export class PublishedScoresError extends Error {
  override name = 'PublishedScoresError';
}

const REQUIRED = ['Detector', 'Profile', 'File', 'Score'] as const;

/** Parses the text of a NAB `<detector>_<profile>_scores.csv` (header `Detector,Profile,File,Threshold,Score,...`). */
export function parsePublishedScores(text: string, source: string): PublishedScores {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const column = Object.fromEntries(REQUIRED.map((name) => [name, header.indexOf(name)])) as Record<
    (typeof REQUIRED)[number],
    number
  >;
  const missing = REQUIRED.filter((name) => column[name] < 0);
  if (missing.length > 0) throw new PublishedScoresError(`${source}: no ${missing.join(', ')} column in the header`);
  const result: PublishedScores = { detector: '', profile: '', files: new Map(), total: undefined };
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    const score = Number(cells[column.Score]);
    if (!Number.isFinite(score)) throw new PublishedScoresError(`${source} line ${i + 2}: Score is not a number`);
    if (cells[0] === 'Totals') {
      result.total = score;
      return;
    }
    result.detector ||= cells[column.Detector] ?? '';
    result.profile ||= cells[column.Profile] ?? '';
    result.files.set(cells[column.File] ?? '', score);
  });
  if (result.files.size === 0) throw new PublishedScoresError(`${source}: no file rows`);
  return result;
}

/** Reads one scores CSV, or every `*_scores.csv` in a folder (NAB's `results/<detector>/`). */
export function readPublishedScores(path: string): PublishedScores[] {
  const paths = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('_scores.csv'))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (paths.length === 0) throw new PublishedScoresError(`${path}: no *_scores.csv files`);
  return paths.map((p) => parsePublishedScores(readFileSync(p, 'utf8'), p));
}
