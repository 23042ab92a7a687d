/**
 * Where a log record is written. Both modes derive the target from the record alone (never from the time it is
 * written), so a redelivered record goes to the same place as its first delivery and its `create` collides (409).
 *
 * - data_stream: `logs-<prefix>.<dataset>-<namespace>` (Elastic's `<type>-<dataset>-<namespace>` scheme; the prefix
 *   keeps the template away from other `logs-*-*` streams of a shared cluster).
 *   A 409 only happens within one backing index: a record redelivered after a rollover would be stored twice.
 * - daily: `<prefix>-logs-<namespace>-YYYY.MM.DD` from the record's `@timestamp` (UTC), all behind alias `<prefix>-logs`.
 *   The index is a function of the record, so a redelivered record always collides, however late it comes.
 */
export type IndexMode = 'data_stream' | 'daily';

export interface IndexNaming {
  /** Lower case, [a-z0-9._-]: the root of every index, template and alias name. */
  prefix: string;
  /** Dataset of records without `event.dataset`. */
  defaultDataset: string;
  /** Namespace of records without `kubernetes.namespace`. */
  defaultNamespace: string;
}

/** The fields of a log record the target depends on. */
export interface RoutingFields {
  '@timestamp'?: unknown;
  event?: { dataset?: string | undefined } | undefined;
  kubernetes?: { namespace?: string | undefined } | undefined;
}

export type IndexTarget =
  | { ok: true; index: string; dataset: string; namespace: string }
  | { ok: false; reason: 'timestamp_invalid'; error: string };

const MAX_PART_LENGTH = 100;

/**
 * Makes a string usable inside an index or data stream name: lower case; characters Elasticsearch forbids in names
 * (`\ / * ? " < > | , # :` and space) and `-` (the data stream part separator) become `_`; no leading `_ . +`.
 * Kubernetes namespaces never contain `_`, so `kube-system` → `kube_system` cannot collide with another namespace.
 */
export function sanitizeNamePart(value: string, fallback: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[\\/*?"<>|,#:\s-]/g, '_')
    .replace(/^[_.+]+/, '')
    .slice(0, MAX_PART_LENGTH);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

function parts(naming: IndexNaming, fields: RoutingFields): { dataset: string; namespace: string } {
  return {
    dataset: sanitizeNamePart(fields.event?.dataset ?? '', naming.defaultDataset),
    namespace: sanitizeNamePart(fields.kubernetes?.namespace ?? '', naming.defaultNamespace),
  };
}

export function dataStreamName(naming: IndexNaming, dataset: string, namespace: string): string {
  return `logs-${naming.prefix}.${dataset}-${namespace}`;
}

/** The index pattern of the data-stream template: every stream `dataStreamName` can produce. */
export function dataStreamPattern(naming: IndexNaming): string {
  return `logs-${naming.prefix}.*-*`;
}

export function dailyIndexName(naming: IndexNaming, namespace: string, day: string): string {
  return `${naming.prefix}-logs-${namespace}-${day}`;
}

export function dailyIndexPattern(naming: IndexNaming): string {
  return `${naming.prefix}-logs-*`;
}

/** The alias every daily index joins (search it, never write to it). */
export function dailyAlias(naming: IndexNaming): string {
  return `${naming.prefix}-logs`;
}

/** `<prefix>-deadletter-<documents>`: each pipeline dead-letters into its own index (`logs`, `anomalies`). */
export function deadLetterIndexName(
  naming: Pick<IndexNaming, 'prefix'> & Partial<IndexNaming>,
  documents = 'logs',
): string {
  return `${naming.prefix}-deadletter-${documents}`;
}

// ISO-8601 as Elasticsearch's default date format reads it: date, optional time with any fraction, optional offset.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?(Z|[+-](\d{2}):?(\d{2}))?$/;

/**
 * `YYYY.MM.DD` of the UTC day of an ISO-8601 timestamp; undefined if it is not one. Parsed by hand because
 * `Date.parse` reads a time without offset as local time (Elasticsearch reads UTC) and accepts non-ISO text.
 */
export function utcDay(timestamp: unknown): string | undefined {
  if (typeof timestamp !== 'string') return undefined;
  const m = ISO_TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const field = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetSign = m[7] === undefined || m[7] === 'Z' ? 0 : m[7].startsWith('-') ? -1 : 1;
  const offsetMinutes = offsetSign * (field(8) * 60 + field(9));
  // Not Date.UTC: it maps years 0-99 to 1900-1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  // 2026-02-31 rolls over into March: such a date does not exist.
  if (local.getUTCDate() !== day) return undefined;
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  const y = utc.getUTCFullYear();
  if (y < 0 || y > 9999) return undefined;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(y, 4)}.${pad(utc.getUTCMonth() + 1)}.${pad(utc.getUTCDate())}`;
}

export function indexTarget(mode: IndexMode, naming: IndexNaming, fields: RoutingFields): IndexTarget {
  const { dataset, namespace } = parts(naming, fields);
  if (mode === 'data_stream') {
    return { ok: true, index: dataStreamName(naming, dataset, namespace), dataset, namespace };
  }
  const day = utcDay(fields['@timestamp']);
  if (day === undefined) {
    const shown = JSON.stringify(fields['@timestamp'])?.slice(0, 80) ?? 'undefined';
    return { ok: false, reason: 'timestamp_invalid', error: `@timestamp ${shown} is not a date` };
  }
  return { ok: true, index: dailyIndexName(naming, namespace, day), dataset, namespace };
}
