/**
 * `npm run bench:nab:cv -- [--data <dir>] [--grid key=v1,v2,... ...]`: how well a choice of detector parameters
 * carries over to files it was not chosen on. Every combination of the grid is run over the corpus; per fold the
 * combination with the best standard score on the other files is chosen and scored on the held-out files. Folds:
 * leave one category out, and two halves of every category. The out-of-fold figure scores every file by the
 * combination chosen without it, with NAB's own protocol (one threshold per profile over the corpus).
 */
import { resolve } from 'node:path';
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig, MetricAnomalyDetector } from '@daytwo/processor';
import { loadNabCorpus, type NabFile } from './corpus';
import { categoryFolds, crossValidate, expandGrid, halfFolds } from './cross-validate';
import { scoreProfile, type ScoredFile } from './score-corpus';

function parseGrid(argv: readonly string[]): { data: string; grid: Record<string, number[]> } {
  let data = resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'nab');
  const grid: Record<string, number[]> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--data') data = resolve(process.env.INIT_CWD ?? process.cwd(), value);
    else if (flag === '--grid') {
      const [key, list] = value.split('=');
      const values = (list ?? '').split(',').map(Number);
      if (key === undefined || !(key in DEFAULT_DETECTOR_CONFIG) || values.some((v) => !Number.isFinite(v))) {
        throw new Error(`--grid ${value}: expected <detector config key>=<number>,<number>,...`);
      }
      grid[key] = values;
    } else throw new Error(`unknown argument ${flag}`);
  }
  return { data, grid };
}

function detect(file: NabFile, config: DetectorConfig): ScoredFile {
  const detector = new MetricAnomalyDetector(config);
  const anomalyScores = file.values.map((v, i) => detector.update(file.timestamps[i]!, v).score);
  return { key: file.key, category: file.category, windows: file.windows, anomalyScores };
}

function main(): void {
  const { data, grid } = parseGrid(process.argv.slice(2));
  const corpus = loadNabCorpus(data);
  const cost = corpus.profiles.standard;
  if (cost === undefined) throw new Error('config/profiles.json has no standard profile');
  const candidates = expandGrid(grid);
  const runs = candidates.map((overrides) =>
    corpus.files.map((f) => detect(f, { ...DEFAULT_DETECTOR_CONFIG, ...overrides })),
  );
  const profiles = (files: ScoredFile[]) =>
    Object.entries(corpus.profiles)
      .map(([name, c]) => `${name} ${scoreProfile(name, files, c).normalized.toFixed(2)}`)
      .join(', ');
  const describe = (c: number) => JSON.stringify(candidates[c]);
  runs.forEach((files, c) => console.log(`in-sample ${describe(c)}: ${profiles(files)}`));
  for (const [name, folds] of [
    ['leave one category out', categoryFolds(runs[0] ?? [])],
    ['halves', halfFolds(runs[0] ?? [])],
  ] as const) {
    const cv = crossValidate(runs, folds, cost);
    console.log(`\n${name}:`);
    for (const c of cv.chosen) {
      console.log(
        `  ${c.fold.padEnd(40)} chose ${describe(c.candidate)}: train ${c.train.toFixed(2)}, held out ${c.heldOut.toFixed(2)}`,
      );
    }
    console.log(`  out-of-fold corpus: ${profiles(cv.outOfFold)}`);
  }
}

main();
