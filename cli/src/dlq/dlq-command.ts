import type { Kafka } from 'kafkajs';
import type { CliConfig } from '../config';
import { CliError, UsageError } from '../errors';
import { cliKafka } from '../kafka';
import type { Output } from '../output';
import { formatNumber, table } from '../table';
import { reasonOf, stageOf, summarize, type StoredDeadLetter } from './dead-letters';
import { findDeadLetters, getDeadLetters, type StoreChoice } from './dead-letter-store';
import { sendReplays } from './replay-sender';
import { isRefusal, replayMessage, type ReplayMessage, type ReplayRefusal } from './replay-message';

export interface DlqOptions {
  json: boolean;
  store: StoreChoice;
  reason?: string | undefined;
  stage?: string | undefined;
  /** Entries listed (list) / at most scanned per store and partition (list, replay by filter). */
  limit: number;
  all: boolean;
  dryRun: boolean;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Scanned per partition and from the index when listing: enough for counts, bounded for memory. */
const SCAN_MAX = 10_000;

async function list(kafka: Kafka, config: CliConfig, options: DlqOptions, output: Output): Promise<number> {
  const filter = { reason: options.reason, stage: options.stage };
  const entries = await findDeadLetters(kafka, config, options.store, filter, SCAN_MAX);
  const summary = summarize(entries);
  const shown = entries.slice(0, options.limit);
  if (options.json) {
    output.out(JSON.stringify({ summary, entries: shown }, null, 2));
    return 0;
  }
  if (entries.length === 0) {
    output.out('No dead-letter entries.');
    return 0;
  }
  output.out(
    table(
      ['STORE', 'STAGE', 'REASON', 'COUNT', 'LATEST'],
      summary.map((s) => [s.store, s.stage, s.reason, formatNumber(s.count), s.latest]),
    ),
  );
  output.out('');
  output.out(
    table(
      ['ID', 'TIME', 'STAGE', 'REASON', 'RECORD', 'ERROR'],
      shown.map((d) => [
        d.id,
        d.time,
        stageOf(d),
        reasonOf(d),
        d.entry?.record_id ?? '',
        oneLine(d.entry?.error ?? d.unreadable ?? '', 80),
      ]),
    ),
  );
  if (entries.length > shown.length) output.out(`(${entries.length - shown.length} more; --limit to see more)`);
  output.out('\nnpx daytwo dlq show <ID> shows one entry; npx daytwo dlq replay <ID>... sends records back.');
  return 0;
}

function prettyRaw(d: StoredDeadLetter): string {
  const entry = d.entry;
  if (!entry) return '';
  if (entry.raw_encoding === 'base64') return `${entry.raw} (base64)`;
  try {
    return JSON.stringify(JSON.parse(entry.raw), null, 2);
  } catch {
    return entry.raw;
  }
}

async function show(kafka: Kafka, config: CliConfig, ids: string[], options: DlqOptions, output: Output) {
  if (ids.length !== 1) throw new UsageError('dlq show takes one entry id (see dlq list)');
  const { found } = await getDeadLetters(kafka, config, ids);
  const d = found[0];
  if (!d) throw new CliError(`no dead-letter entry ${ids[0]}`);
  if (options.json) {
    output.out(JSON.stringify(d, null, 2));
    return 0;
  }
  const e = d.entry;
  const lines = [`${d.id}  (${d.store === 'kafka' ? 'dead-letter topic' : 'Elasticsearch dead-letter index'})`];
  if (!e) lines.push(`unreadable: ${d.unreadable ?? ''}`);
  else {
    lines.push(
      `time:      ${d.time}`,
      `stage:     ${e.stage}`,
      `reason:    ${e.reason}`,
      `error:     ${e.error}`,
      `source:    ${e.source.topic} partition ${e.source.partition} offset ${e.source.offset}`,
      `record id: ${e.record_id ?? '(none)'}`,
      ...Object.entries(d.extra ?? {}).map(([k, v]) => `${`${k}:`.padEnd(10)} ${String(v)}`),
      `raw:       ${e.raw_bytes} bytes${e.raw_truncated ? ' (truncated)' : ''}, ${e.raw_encoding}`,
      prettyRaw(d),
    );
  }
  output.out(lines.join('\n'));
  return 0;
}

async function replay(kafka: Kafka, config: CliConfig, ids: string[], options: DlqOptions, output: Output) {
  let entries: StoredDeadLetter[];
  const missing: string[] = [];
  if (ids.length > 0) {
    const got = await getDeadLetters(kafka, config, ids);
    entries = got.found;
    missing.push(...got.missing);
  } else if (options.reason !== undefined || options.stage !== undefined || options.all) {
    entries = await findDeadLetters(
      kafka,
      config,
      options.store,
      { reason: options.reason, stage: options.stage },
      SCAN_MAX,
    );
  } else {
    throw new UsageError('dlq replay needs entry ids, or --reason/--stage to choose entries, or --all');
  }
  const messages: ReplayMessage[] = [];
  const refused: ReplayRefusal[] = missing.map((from) => ({ from, reason: 'no such dead-letter entry' }));
  for (const d of entries) {
    if (!d.entry) refused.push({ from: d.id, reason: d.unreadable ?? 'unreadable' });
    else {
      const m = replayMessage(d.id, d.entry);
      if (isRefusal(m)) refused.push(m);
      else messages.push(m);
    }
  }
  if (!options.dryRun) await sendReplays(kafka, config, messages);
  const perTopic = new Map<string, number>();
  for (const m of messages) perTopic.set(m.topic, (perTopic.get(m.topic) ?? 0) + 1);
  if (options.json) {
    output.out(
      JSON.stringify(
        {
          dryRun: options.dryRun,
          replayed: messages.map((m) => ({
            from: m.from,
            topic: m.topic,
            partition: m.partition,
            recordId: m.recordId,
          })),
          refused,
        },
        null,
        2,
      ),
    );
  } else {
    const verb = options.dryRun ? 'would replay' : 'replayed';
    for (const [topic, n] of perTopic) output.out(`${verb} ${n} record${n === 1 ? '' : 's'} to ${topic}`);
    if (messages.length === 0) output.out('nothing replayed');
    if (messages.length > 0 && !options.dryRun) {
      output.out('Records keep their ids: one the stage already stored is counted as a duplicate, not stored twice.');
    }
  }
  if (refused.length > 0) {
    const first = refused[0]!;
    output.err(
      `daytwo: ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} not replayed: ${first.from}: ${first.reason}` +
        (refused.length > 1 ? ` (and ${refused.length - 1} more)` : ''),
    );
    return 1;
  }
  return 0;
}

/** `daytwo dlq list|show|replay`. */
export async function dlqCommand(
  config: CliConfig,
  action: string | undefined,
  ids: string[],
  options: DlqOptions,
  output: Output,
): Promise<number> {
  const kafka = cliKafka(config);
  switch (action) {
    case 'list':
      if (ids.length > 0) throw new UsageError('dlq list takes no entry ids (use dlq show <id>)');
      return list(kafka, config, options, output);
    case 'show':
      return show(kafka, config, ids, options, output);
    case 'replay':
      return replay(kafka, config, ids, options, output);
    default:
      throw new UsageError(`dlq ${action ?? ''}: expected list, show or replay`);
  }
}
