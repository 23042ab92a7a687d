import { createHash } from 'node:crypto';
import type { RemoteWriteLabel } from './remote-write-encoder';

/** One series: its sorted label set (`__name__` included) and a stable hash of it. */
export interface SeriesIdentity {
  labels: RemoteWriteLabel[];
  /** Canonical text of the label set; equal label sets give equal keys. */
  key: string;
  /** Hex SHA-256 prefix of `key`: the Redis key part and the shard choice. Same across processes and versions. */
  hash: string;
}

/** Canonical key of a sorted label set. NUL cannot occur in a label (Prometheus requires valid UTF-8 text). */
export function seriesKey(labels: readonly RemoteWriteLabel[]): string {
  let key = '';
  for (const { name, value } of labels) key += `${name}\u0000${value}\u0000`;
  return key;
}

export function seriesIdentity(labels: RemoteWriteLabel[]): SeriesIdentity {
  const key = seriesKey(labels);
  return { labels, key, hash: createHash('sha256').update(key).digest('hex').slice(0, 32) };
}

/** The shard a series is written through: fixed for a given shard count. */
export function shardOf(hash: string, shards: number): number {
  return Number.parseInt(hash.slice(0, 8), 16) % shards;
}

const PROMQL_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A PromQL selector naming every label of the series with `=`, or undefined when a label name cannot be written in
 * PromQL. It also matches series with more labels, so results are filtered with `isSameSeries`.
 */
export function seriesSelector(labels: readonly RemoteWriteLabel[]): string | undefined {
  const matchers: string[] = [];
  for (const { name, value } of labels) {
    if (!PROMQL_LABEL_NAME.test(name)) return undefined;
    // A JSON string is a valid PromQL double-quoted string: the escapes it uses (\" \\ \n \uXXXX ...) are Go's.
    matchers.push(`${name}=${JSON.stringify(value)}`);
  }
  return `{${matchers.join(',')}}`;
}

/** Whether a query result's label map is exactly this series' label set. */
export function isSameSeries(metric: Readonly<Record<string, string>>, labels: readonly RemoteWriteLabel[]): boolean {
  const names = Object.keys(metric);
  if (names.length !== labels.length) return false;
  return labels.every(({ name, value }) => metric[name] === value);
}
