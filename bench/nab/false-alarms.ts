/**
 * `npm run bench:nab:false-alarms -- [--thresholds 0.99966,0.9999] [--series 20] [--samples 20000]
 * [--set key=value ...]`: alerts per 10 000 samples per series of the metric detector on series without anomalies
 * (white noise, random walk, seasonal counts, heavy-tailed values, a random walk with outages), per threshold. A sample alerts when its score is
 * at or above the threshold; the first 1000 samples of each series (learning) are not counted.
 */
import { DEFAULT_DETECTOR_CONFIG, MetricAnomalyDetector, seededRandom } from '@daytwo/processor';
import { NULL_SERIES_KINDS, nullSeries, sampleTimes } from './null-series';

const SKIP = 1000;

function numbers(value: string, flag: string): number[] {
  const out = value.split(',').map(Number);
  if (out.some((v) => !Number.isFinite(v))) throw new Error(`${flag} ${value}: expected numbers`);
  return out;
}

function main(): void {
  let thresholds = [0.99966, 0.9999, 0.99995, 0.99999];
  let series = 20;
  let samples = 20_000;
  const overrides: Record<string, number> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--thresholds') thresholds = numbers(value, flag);
    else if (flag === '--series') series = numbers(value, flag)[0]!;
    else if (flag === '--samples') samples = Math.max(SKIP + 1, numbers(value, flag)[0]!);
    else if (flag === '--set') {
      const [key, raw] = value.split('=');
      if (key === undefined || !(key in DEFAULT_DETECTOR_CONFIG)) throw new Error(`--set ${value}: unknown key`);
      overrides[key] = numbers(raw ?? '', flag)[0]!;
    } else throw new Error(`unknown argument ${flag}`);
  }
  console.log(`${series} series x ${samples} samples per kind; alerts per 10k samples per series (after ${SKIP})`);
  console.log(['kind'.padEnd(14), ...thresholds.map((t) => `t=${t}`.padStart(13))].join(' '));
  for (const [k, kind] of NULL_SERIES_KINDS.entries()) {
    const alerts = thresholds.map(() => 0);
    let counted = 0;
    for (let s = 0; s < series; s++) {
      const random = seededRandom(1000 * k + s + 1);
      const values = nullSeries(kind, samples, random);
      const detector = new MetricAnomalyDetector(overrides);
      for (const i of sampleTimes(kind, samples, random)) {
        const score = detector.update(i * 60_000, values[i]!).score;
        if (i >= SKIP) {
          counted++;
          thresholds.forEach((t, j) => (alerts[j]! += score >= t ? 1 : 0));
        }
      }
    }
    const per10k = alerts.map((a) => ((a / counted) * 1e4).toFixed(2).padStart(13));
    console.log([kind.padEnd(14), ...per10k].join(' '));
  }
}

main();
