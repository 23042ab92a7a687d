import type { CliConfig } from '../config';
import { CliError } from '../errors';
import { esRequest } from '../elasticsearch';
import { parseStoredEntry, type DeadLetterFilter, type StoredDeadLetter } from './dead-letters';

/** The sink's dead-letter indices, one per pipeline: `<prefix>-deadletter-logs`, `<prefix>-deadletter-anomalies`. */
export function deadLetterIndices(config: CliConfig): string {
  return `${config.elasticsearch.indexPrefix}-deadletter-*`;
}

interface Hit {
  _id: string;
  _source: Record<string, unknown>;
}

/** Index documents are the core entry with `@timestamp` instead of `timestamp`, plus the sink's own fields. */
function fromDocument(id: string, source: Record<string, unknown>): StoredDeadLetter {
  const { '@timestamp': time, error_type, status, target_index, ...fields } = source;
  const parsed = parseStoredEntry({ ...fields, timestamp: time });
  const extra: Record<string, unknown> = {};
  if (error_type !== undefined) extra.error_type = error_type;
  if (status !== undefined) extra.status = status;
  if (target_index !== undefined) extra.target_index = target_index;
  return {
    id: `es:${id}`,
    store: 'es',
    entry: parsed.entry,
    ...(parsed.unreadable ? { unreadable: parsed.unreadable } : {}),
    extra,
    time: typeof time === 'string' ? time : '',
  };
}

async function search(config: CliConfig, body: object): Promise<StoredDeadLetter[]> {
  const index = deadLetterIndices(config);
  const { status, body: answer } = await esRequest<{
    hits?: { hits: Hit[] };
    error?: { type?: string; reason?: string };
  }>(config, 'POST', `/${encodeURIComponent(index)}/_search?ignore_unavailable=true&allow_no_indices=true`, body);
  if (status !== 200) {
    throw new CliError(
      `searching ${index} failed: ${status} ${answer.error?.type ?? ''} ${answer.error?.reason ?? ''}`,
    );
  }
  return (answer.hits?.hits ?? []).map((h) => fromDocument(h._id, h._source));
}

/** The newest `max` entries of the indices matching the filter (none when there is no such index). */
export function searchEsDeadLetters(
  config: CliConfig,
  filter: DeadLetterFilter,
  max: number,
): Promise<StoredDeadLetter[]> {
  const terms = [
    ...(filter.reason === undefined ? [] : [{ term: { reason: filter.reason } }]),
    ...(filter.stage === undefined ? [] : [{ term: { stage: filter.stage } }]),
  ];
  return search(config, { size: max, sort: [{ '@timestamp': 'desc' }], query: { bool: { filter: terms } } });
}

/** One entry by document id, or undefined. */
export async function getEsDeadLetter(config: CliConfig, id: string): Promise<StoredDeadLetter | undefined> {
  const [found] = await search(config, { size: 1, query: { ids: { values: [id] } } });
  return found;
}
