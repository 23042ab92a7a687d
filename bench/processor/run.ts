/**
 * Processor throughput with log-templates + log-anomalies on and off, over the Loghub sample logs:
 * `npm run bench:processor -- [--data <dir>] [--passes <n>] [--per-minute <n>]`. Each mode runs in its own child
 * process (clean RSS) through the service's ProcessorChain with in-memory state, in batches of 500 records.
 */
import { fork } from 'node:child_process';
import { memoryStateStore, parseProcessorConfig, type ProcessorDefinition } from '@daytwo/processor-api';
import { logAnomalies, logTemplates, normalize, ProcessorChain, type ChainStepSpec } from '@daytwo/processor';
import { loghubRecords, readLoghubLines } from './loghub-records';

const BATCH = 500;
const MODES: Record<string, readonly ProcessorDefinition[]> = {
  off: [normalize],
  templates: [normalize, logTemplates],
  on: [normalize, logTemplates, logAnomalies],
};

interface Options {
  data: string;
  passes: number;
  perMinute: number;
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
  const options: Options = { data: '/work/shared/data/loghub', passes: 5, perMinute: 200 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--data') options.data = value;
    else if (flag === '--passes') options.passes = Number(value);
    else if (flag === '--per-minute') options.perMinute = Number(value);
    else if (flag === '--mode') options.mode = value;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!(options.passes >= 1 && options.perMinute >= 1)) throw new Error('--passes and --per-minute must be >= 1');
  return options;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

async function runMode(mode: string, options: Options): Promise<ModeResult> {
  const definitions = MODES[mode];
  if (definitions === undefined) throw new Error(`unknown mode ${mode}`);
  const systems = await readLoghubLines(options.data);
  const passes = Array.from({ length: options.passes }, (_, p) => loghubRecords(systems, p, options.perMinute));
  const steps: ChainStepSpec[] = definitions.map((definition, i) => ({
    name: definition.type,
    type: definition.type,
    definition,
    config: parseProcessorConfig(definition, {}),
    key: `bench[${i}]`,
  }));
  let anomalies = 0;
  const chain = await ProcessorChain.create<'log'>({
    pipeline: 'logs',
    kind: 'log',
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
  const off = results.find((r) => r.mode === 'off');
  console.log('mode        records  records/s  vs off  cpu s  rss MB  anomalies');
  for (const r of results) {
    const rate = r.records / r.seconds;
    const ratio = off === undefined ? '' : `${((rate / (off.records / off.seconds)) * 100).toFixed(0)}%`;
    console.log(
      `${r.mode.padEnd(10)} ${String(r.records).padStart(8)} ${rate.toFixed(0).padStart(10)} ${ratio.padStart(7)} ` +
        `${r.cpuSeconds.toFixed(2).padStart(6)} ${r.rssMb.toFixed(0).padStart(7)} ${String(r.anomalies).padStart(10)}`,
    );
  }
  console.log('off = normalize; templates = + log-templates; on = + log-templates + log-anomalies (in-memory state)');
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
  for (const mode of Object.keys(MODES)) results.push(await runChild(mode, argv));
  report(results);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
