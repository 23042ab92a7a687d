/**
 * Processor throughput with log-templates + log-anomalies on and off, over the Loghub sample logs, and with
 * metric-anomalies on and off over synthetic series:
 * `npm run bench:processor -- [--data <dir>] [--passes <n>] [--per-minute <n>] [--series <n>] [--scrapes <n>]
 * [--modes a,b]`. Each mode runs in its own child process (clean RSS) through the service's ProcessorChain with
 * in-memory state, in batches of 500 records.
 */
import { fork } from 'node:child_process';
import { SCHEMA_VERSION, type MetricSample, type MetricType } from '@daytwo/core';
import {
  memoryStateStore,
  parseProcessorConfig,
  type PipelineKind,
  type ProcessorDefinition,
} from '@daytwo/processor-api';
import {
  logAnomalies,
  logTemplates,
  metricAnomalies,
  normalize,
  ProcessorChain,
  relabel,
  type ChainStepSpec,
} from '@daytwo/processor';
import { loghubRecords, readLoghubLines } from './loghub-records';

const BATCH = 500;
const MODES: Record<string, readonly ProcessorDefinition[]> = {
  off: [normalize],
  templates: [normalize, logTemplates],
  on: [normalize, logTemplates, logAnomalies],
  'metrics-off': [relabel],
  'metrics-on': [relabel, metricAnomalies],
};
/** Configs of the processors that need one. */
const CONFIGS: Record<string, unknown> = { relabel: { rules: [{ target_label: 'bench', replacement: 'metrics' }] } };
const isMetricMode = (mode: string) => mode.startsWith('metrics');

interface Options {
  data: string;
  passes: number;
  perMinute: number;
  series: number;
  scrapes: number;
  modes: string[];
  mode?: string;
}

interface ModeResult {
  mode: string;
  records: number;
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
  anomalies: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    data: '/work/shared/data/loghub',
    passes: 5,
    perMinute: 200,
    series: 1000,
    scrapes: 200,
    modes: Object.keys(MODES),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--data') options.data = value;
    else if (flag === '--passes') options.passes = Number(value);
    else if (flag === '--per-minute') options.perMinute = Number(value);
    else if (flag === '--series') options.series = Number(value);
    else if (flag === '--scrapes') options.scrapes = Number(value);
    else if (flag === '--modes') options.modes = value.split(',');
    else if (flag === '--mode') options.mode = value;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!(options.passes >= 1 && options.perMinute >= 1)) throw new Error('--passes and --per-minute must be >= 1');
  if (!(options.series >= 10 && options.scrapes >= 1)) throw new Error('--series must be >= 10, --scrapes >= 1');
  const unknown = options.modes.filter((m) => MODES[m] === undefined);
  if (unknown.length > 0)
    throw new Error(`unknown mode ${unknown.join(', ')} (modes: ${Object.keys(MODES).join(', ')})`);
  return options;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/**
 * `series` synthetic series scraped `scrapes` times 15 s apart: 60% gauges (a slow wave with noise), 30% counters,
 * 10% histograms of 6 buckets; 1.5 samples per series and scrape.
 */
function syntheticSamples(series: number, scrapes: number): MetricSample[] {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];
  const shares = [40, 30, 15, 10, 5, 0];
  const totals = new Float64Array(series * bounds.length);
  const out: MetricSample[] = [];
  for (let i = 0; i < scrapes; i++) {
    const timestamp = Date.UTC(2026, 0, 1) + i * 15_000;
    for (let k = 0; k < series; k++) {
      const base = { namespace: 'bench', pod: `app${k % 50}-7d9c8b6f5d-x2x4q`, n: String(k) };
      const add = (name: string, value: number, type: MetricType, labels: Record<string, string> = base) =>
        out.push({
          schema_version: SCHEMA_VERSION,
          id: `${name}${k}${labels['le'] ?? ''}@${i}`,
          name,
          labels,
          value,
          timestamp,
          type,
        });
      if (k % 10 < 6) add('bench_gauge', 100 + 10 * Math.sin(i / 20 + k) + random(), 'gauge');
      else if (k % 10 < 9) add('bench_requests_total', (totals[k * 6]! += 100 + 20 * random()), 'counter');
      else {
        let running = 0;
        bounds.forEach((le, b) => {
          running += shares[b]! * (0.8 + 0.4 * random());
          add('bench_seconds_bucket', (totals[k * 6 + b]! += running), 'histogram', { ...base, le });
        });
      }
    }
  }
  return out;
}

async function runMode(mode: string, options: Options): Promise<ModeResult> {
  const definitions = MODES[mode];
  if (definitions === undefined) throw new Error(`unknown mode ${mode}`);
  const kind: PipelineKind = isMetricMode(mode) ? 'metric' : 'log';
  const passes =
    kind === 'metric'
      ? [syntheticSamples(options.series, options.scrapes)]
      : await readLoghubLines(options.data).then((systems) =>
          Array.from({ length: options.passes }, (_, p) => loghubRecords(systems, p, options.perMinute)),
        );
  const steps: ChainStepSpec[] = definitions.map((definition, i) => ({
    name: definition.type,
    type: definition.type,
    definition,
    config: parseProcessorConfig(definition, CONFIGS[definition.type] ?? {}),
    key: `bench[${i}]`,
  }));
  let anomalies = 0;
  const chain = await ProcessorChain.create<PipelineKind>({
    pipeline: kind === 'metric' ? 'metrics' : 'logs',
    kind,
    steps,
    logger: quiet,
    state: () => memoryStateStore(),
    emitAnomaly: () => anomalies++,
  });
  let rss = process.memoryUsage().rss;
  let records = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const pass of passes) {
    for (let i = 0; i < pass.length; i += BATCH) {
      const result = await chain.run(pass.slice(i, i + BATCH));
      if (result.failures.length > 0) throw new Error(`${mode}: ${result.failures[0]?.error.message}`);
      records += result.output.length;
    }
    rss = Math.max(rss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  await chain.close();
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { mode, records, seconds, cpuSeconds, rssMb: rss / 2 ** 20, anomalies };
}

function runChild(mode: string, argv: readonly string[]): Promise<ModeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [...argv, '--mode', mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as ModeResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`mode ${mode} exited with ${code}`));
    });
  });
}

function report(results: readonly ModeResult[]): void {
  console.log('mode        records  records/s  vs off  cpu s  rss MB  anomalies');
  for (const r of results) {
    const off = results.find((o) => o.mode === (isMetricMode(r.mode) ? 'metrics-off' : 'off'));
    const rate = r.records / r.seconds;
    const ratio = off === undefined ? '' : `${((rate / (off.records / off.seconds)) * 100).toFixed(0)}%`;
    console.log(
      `${r.mode.padEnd(10)} ${String(r.records).padStart(8)} ${rate.toFixed(0).padStart(10)} ${ratio.padStart(7)} ` +
        `${r.cpuSeconds.toFixed(2).padStart(6)} ${r.rssMb.toFixed(0).padStart(7)} ${String(r.anomalies).padStart(10)}`,
    );
  }
  console.log('off = normalize; templates = + log-templates; on = + log-templates + log-anomalies (in-memory state)');
  console.log('metrics-off = relabel (one rule); metrics-on = + metric-anomalies (synthetic series, in-memory state)');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  if (options.mode !== undefined) {
    const result = await runMode(options.mode, options);
    process.send?.(result, () => process.disconnect());
    return;
  }
  const results: ModeResult[] = [];
  for (const mode of options.modes) results.push(await runChild(mode, argv));
  report(results);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
