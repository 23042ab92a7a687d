import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NabFile } from './corpus';

export const DETECTOR_NAME = 'daytwo';

/** NAB's results layout: `<out>/<category>/<detector>_<file>.csv` with `timestamp,value,anomaly_score`. */
export function writeResultsFile(outDir: string, file: NabFile, scores: readonly number[]): string {
  const dir = join(outDir, file.category);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${DETECTOR_NAME}_${file.name}`);
  const lines = ['timestamp,value,anomaly_score'];
  file.rawTimestamps.forEach((ts, i) => lines.push(`${ts},${file.values[i]},${scores[i]}`));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
