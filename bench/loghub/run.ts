import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TemplateMiner, scoreGrouping } from '@daytwo/processor';
import { parseBenchArgs } from './args';
import { compileHeaderFormat, LOGHUB_HEADER_FORMATS, splitContent } from './header-formats';
import { readLoghubSystem } from './loghub-files';
import { printReport, type SystemResult } from './report';

const THROUGHPUT_ROUNDS = 9;

interface SystemInput {
  readonly system: string;
  readonly lineIds: number[];
  readonly contents: string[];
  readonly headerMisses: number;
  readonly truth: Map<number, string>;
}

async function loadSystem(dataDir: string, system: string, format: string): Promise<SystemInput> {
  const { lines, truth } = await readLoghubSystem(dataDir, system);
  const header = compileHeaderFormat(format);
  const lineIds: number[] = [];
  const contents: string[] = [];
  let headerMisses = 0;
  // As in the Loghub loader, LineId counts only the lines whose header matches.
  for (const line of lines) {
    const content = splitContent(header, line);
    if (content === undefined) {
      headerMisses++;
      continue;
    }
    lineIds.push(contents.length + 1);
    contents.push(content);
  }
  return { system, lineIds, contents, headerMisses, truth };
}

interface Mined {
  /** LineId → the id the line's template lives on as after the whole file (the benchmark's grouping). */
  readonly final: Map<number, string>;
  /** LineId → the id `mine` returned for the line, as a stream consumer sees it. */
  readonly streaming: Map<number, string>;
}

function mineAll(input: SystemInput): Mined {
  const miner = new TemplateMiner();
  const streaming = new Map<number, string>();
  for (let i = 0; i < input.contents.length; i++) {
    streaming.set(input.lineIds[i] as number, miner.mine(input.contents[i] as string, input.system).templateId);
  }
  const final = new Map<number, string>();
  for (const [lineId, id] of streaming) final.set(lineId, miner.resolve(id, input.system));
  return { final, streaming };
}

/** Lines per second of masking and mining alone, the median of fresh-miner rounds over every loaded line. */
function measureThroughput(inputs: readonly SystemInput[]): number {
  const total = inputs.reduce((n, s) => n + s.contents.length, 0);
  const rates: number[] = [];
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (const input of inputs) {
      const miner = new TemplateMiner();
      for (const content of input.contents) miner.mine(content, input.system);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(total / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

async function writeParsed(outDir: string, system: string, parsed: Map<number, string>): Promise<void> {
  const rows = ['LineId,EventId'];
  for (const [lineId, eventId] of parsed) rows.push(`${lineId},${eventId}`);
  await writeFile(join(outDir, `${system}.csv`), `${rows.join('\n')}\n`);
}

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '../../..');
  const args = parseBenchArgs(process.argv.slice(2), {
    data: resolve(repoRoot, '../shared/data/loghub'),
    out: resolve(repoRoot, 'bench-results/loghub'),
  });
  await mkdir(args.out, { recursive: true });
  const inputs: SystemInput[] = [];
  const missing: string[] = [];
  for (const [system, format] of Object.entries(LOGHUB_HEADER_FORMATS)) {
    if (args.systems !== undefined && !args.systems.includes(system)) continue;
    try {
      inputs.push(await loadSystem(args.data, system, format));
    } catch (err) {
      missing.push(`${system} (${(err as Error).message})`);
    }
  }
  const results: SystemResult[] = [];
  for (const input of inputs) {
    const { final, streaming } = mineAll(input);
    results.push({
      system: input.system,
      score: scoreGrouping(input.truth, final),
      streamingScore: scoreGrouping(input.truth, streaming),
      headerMisses: input.headerMisses,
      templates: new Set(final.values()).size,
    });
    await writeParsed(args.out, input.system, final);
  }
  printReport(results, missing, measureThroughput(inputs), args.out);
  if (results.length === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
