import type { ScoredFile } from './score-corpus';
import { probationaryLength } from './sweeper';

/**
 * Where a file's detections fall at a corpus threshold, one line per file: the windows, then every row at or above the
 * threshold as `row[Wk](nats reason)`. `Wk` marks a row inside window k (only the first such row counts in NAB);
 * rows without it are false positives unless marked `P` (inside the probationary period, never scored). Nats is
 * -ln(1 - score), the detector's surprise, so detections compare with the threshold on the same scale.
 */
export function formatDetections(
  files: readonly ScoredFile[],
  reasons: readonly string[][],
  threshold: number,
): string {
  const lines = [`detections at threshold ${threshold} (${(-Math.log(1 - threshold)).toFixed(2)} nats)`];
  files.forEach((f, fi) => {
    const probation = probationaryLength(f.anomalyScores.length);
    const windows = f.windows.map((w) => `${w.start}-${w.end}`).join(',') || 'none';
    const hits: string[] = [];
    f.anomalyScores.forEach((score, i) => {
      if (score < threshold) return;
      const w = f.windows.findIndex((win) => i >= win.start && i <= win.end);
      const mark = i < probation ? 'P' : w >= 0 ? `W${w}` : '';
      hits.push(`${i}${mark}(${(-Math.log(1 - score)).toFixed(1)} ${reasons[fi]?.[i] ?? ''})`);
    });
    lines.push(`${f.key} rows=${f.anomalyScores.length} windows=${windows}`);
    lines.push(`  ${hits.join(' ') || 'no detections'}`);
  });
  return lines.join('\n') + '\n';
}
