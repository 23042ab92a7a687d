/**
 * `npm run bench:nab -- [--data <dir>] [--out <dir>] [--set key=value ...]`: runs the metric anomaly detector over
 * a NAB-layout corpus one sample at a time, writes NAB results files, scores them with the NAB port and prints the
 * table. `--set` overrides one detector config key (for experiments; the committed defaults are what counts).
 * `--compare <path>` (repeatable) puts a published detector beside it on the same files: a NAB checkout's
 * `results/<detector>/` folder or one of its `<detector>_<profile>_scores.csv` files. `--threshold <t>` also scores
 * the corpus at that fixed threshold (e.g. the processor's default) instead of the optimised one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig, MetricAnomalyDetector } from '@daytwo/processor';
import { loadNabCorpus } from './corpus';
import { comparePublished, formatComparisons, type PublishedComparison } from './compare-published';
import { formatDetections } from './detections';
import { readPublishedScores } from './published-scores';
import { formatReport } from './report';
import { writeResultsFile } from './results-writer';
import { scoreProfile, type ScoredFile } from './score-corpus';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const USAGE =
  'usage: npm run bench:nab -- [--data <NAB folder>] [--out <results folder>] ' +
  '[--set <detector config key>=<number> ...] [--compare <NAB results/<detector> folder or scores CSV> ...] ' +
  '[--threshold <fixed threshold>]';

/** A command-line argument is missing or malformed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

interface Args {
  data: string;
  out: string;
  overrides: Partial<DetectorConfig>;
  compare: string[];
  threshold: number | undefined;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    data: resolve(REPO_ROOT, '..', 'shared', 'data', 'nab'),
    out: resolve(REPO_ROOT, 'bench-results', 'nab'),
    overrides: {},
    compare: [],
    threshold: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    if (!['--data', '--out', '--set', '--compare', '--threshold'].includes(flag ?? ''))
      throw new UsageError(`unknown argument ${flag}\n${USAGE}`);
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    // npm runs scripts from the repo root; relative paths mean the caller's directory.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    if (flag === '--data') args.data = resolve(cwd, value);
    else if (flag === '--out') args.out = resolve(cwd, value);
    else if (flag === '--compare') args.compare.push(resolve(cwd, value));
    else if (flag === '--threshold') {
      args.threshold = Number(value);
      if (!(args.threshold >= 0 && args.threshold <= 1)) throw new UsageError(`--threshold ${value}: expected 0..1`);
    } else {
      const [key, raw] = value.split('=');
      if (
        key === undefined ||
        !(key in DEFAULT_DETECTOR_CONFIG) ||
        raw === undefined ||
        !Number.isFinite(Number(raw))
      ) {
        throw new UsageError(
          `--set ${value}: expected <config key>=<number>, keys: ${Object.keys(DEFAULT_DETECTOR_CONFIG).join(', ')}`,
        );
      }
      (args.overrides as Record<string, number>)[key] = Number(raw);
    }
    i++;
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const config: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...args.overrides };
  const corpus = loadNabCorpus(args.data);
  const published = args.compare.flatMap(readPublishedScores);
  mkdirSync(args.out, { recursive: true });

  const scored: ScoredFile[] = [];
  const reasons: string[][] = [];
  let samples = 0;
  let detectNs = 0n;
  let detectCpuMicros = 0;
  for (const file of corpus.files) {
    const detector = new MetricAnomalyDetector(config);
    const scores = new Array<number>(file.values.length);
    const why = new Array<string>(file.values.length);
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (let i = 0; i < file.values.length; i++) {
      const detection = detector.update(file.timestamps[i]!, file.values[i]!);
      scores[i] = detection.score;
      why[i] = detection.reason;
    }
    detectNs += process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    detectCpuMicros += cpu.user + cpu.system;
    samples += file.values.length;
    writeResultsFile(args.out, file, scores);
    scored.push({ key: file.key, category: file.category, windows: file.windows, anomalyScores: scores });
    reasons.push(why);
  }

  const results = Object.entries(corpus.profiles).map(([name, cost]) => scoreProfile(name, scored, cost));
  const stats = {
    files: corpus.files.length,
    samples,
    detectSeconds: Number(detectNs) / 1e9,
    detectCpuSeconds: detectCpuMicros / 1e6,
  };
  console.log(formatReport(results, stats));
  const comparisons: PublishedComparison[] = published.flatMap((p) => {
    const ours = results.find((r) => r.profile === p.profile);
    return ours === undefined ? [] : [comparePublished(ours, p)];
  });
  if (comparisons.length > 0) console.log(`\n${formatComparisons(comparisons)}`);
  const fixed =
    args.threshold === undefined
      ? []
      : Object.entries(corpus.profiles).map(([name, cost]) => scoreProfile(name, scored, cost, args.threshold));
  if (fixed.length > 0) console.log(`\nat the fixed threshold ${args.threshold}:\n${formatReport(fixed, stats)}`);
  const summary = {
    data: args.data,
    config,
    ...stats,
    samplesPerSecond: samples / stats.detectSeconds,
    samplesPerCpuSecond: samples / stats.detectCpuSeconds,
    results,
    comparisons,
    ...(fixed.length > 0 ? { fixedThreshold: fixed } : {}),
  };
  writeFileSync(join(args.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const standard = results.find((r) => r.profile === 'standard');
  if (standard !== undefined) {
    writeFileSync(join(args.out, 'detections.txt'), formatDetections(scored, reasons, standard.threshold));
  }
  console.log(`results, summary.json and detections.txt (standard threshold) written to ${args.out}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exitCode = 1;
}
