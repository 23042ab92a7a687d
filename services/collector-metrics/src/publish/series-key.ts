/**
 * The Kafka key of a series: its identity hash folded into `shards` keys (`series-0`..`series-<shards-1>`), so one
 * series always has the same key, hence the same partition and order, while the samples of many series share a key
 * and travel many to a message. `shards` = 0 keys every series by its own hash (one message per series and flush).
 */
export function seriesKey(seriesHash: string, shards: number): string {
  if (shards === 0) return seriesHash;
  return `series-${Number.parseInt(seriesHash.slice(0, 8), 16) % shards}`;
}
