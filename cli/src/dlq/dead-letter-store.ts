import { topicNames } from '@daytwo/core';
import type { Kafka } from 'kafkajs';
import type { CliConfig } from '../config';
import { UsageError } from '../errors';
import { matches, type DeadLetterFilter, type DeadLetterSourceKind, type StoredDeadLetter } from './dead-letters';
import { getEsDeadLetter, searchEsDeadLetters } from './es-dead-letters';
import { latestRanges, readDeadLetterTopic } from './kafka-dead-letters';

export type StoreChoice = DeadLetterSourceKind | 'all';

export function deadLetterTopic(config: CliConfig): string {
  return topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix).deadLetter;
}

/** The newest entries (at most `max` per partition / from the index) of the chosen stores, filtered, newest first. */
export async function findDeadLetters(
  kafka: Kafka,
  config: CliConfig,
  store: StoreChoice,
  filter: DeadLetterFilter,
  max: number,
): Promise<StoredDeadLetter[]> {
  const found: StoredDeadLetter[] = [];
  if (store !== 'es') {
    const topic = deadLetterTopic(config);
    const ranges = await latestRanges(kafka, config, topic, max);
    if (ranges)
      found.push(...(await readDeadLetterTopic(kafka, config, topic, ranges)).filter((d) => matches(d, filter)));
  }
  if (store !== 'kafka') found.push(...(await searchEsDeadLetters(config, filter, max)));
  return found.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

/** Parses `kafka:<partition>:<offset>` / `es:<id>`. */
export function parseEntryId(
  id: string,
): { store: 'kafka'; partition: number; offset: number } | { store: 'es'; id: string } {
  const kafka = /^kafka:(\d+):(\d+)$/.exec(id);
  if (kafka) return { store: 'kafka', partition: Number(kafka[1]), offset: Number(kafka[2]) };
  if (id.startsWith('es:') && id.length > 3) return { store: 'es', id: id.slice(3) };
  throw new UsageError(`${id} is not a dead-letter entry id (kafka:<partition>:<offset> or es:<id>, see dlq list)`);
}

/** Entries by id; the ids not found are returned apart. */
export async function getDeadLetters(
  kafka: Kafka,
  config: CliConfig,
  ids: readonly string[],
): Promise<{ found: StoredDeadLetter[]; missing: string[] }> {
  const parsed = ids.map((id) => ({ id, ref: parseEntryId(id) }));
  const found: StoredDeadLetter[] = [];
  const kafkaRefs = parsed.flatMap((p) => (p.ref.store === 'kafka' ? [p.ref] : []));
  if (kafkaRefs.length > 0) {
    const topic = deadLetterTopic(config);
    const bounds = await latestRanges(kafka, config, topic, Number.MAX_SAFE_INTEGER);
    const wanted = new Map<number, { from: number; to: number }>();
    for (const ref of kafkaRefs) {
      const range = bounds?.get(ref.partition);
      if (!range || ref.offset < range.from || ref.offset >= range.to) continue;
      const current = wanted.get(ref.partition);
      wanted.set(ref.partition, {
        from: Math.min(current?.from ?? ref.offset, ref.offset),
        to: Math.max(current?.to ?? ref.offset + 1, ref.offset + 1),
      });
    }
    const read = await readDeadLetterTopic(kafka, config, topic, wanted);
    const byId = new Map(read.map((d) => [d.id, d]));
    for (const p of parsed) if (p.ref.store === 'kafka' && byId.has(p.id)) found.push(byId.get(p.id)!);
  }
  for (const p of parsed) {
    if (p.ref.store !== 'es') continue;
    const d = await getEsDeadLetter(config, p.ref.id);
    if (d) found.push(d);
  }
  const foundIds = new Set(found.map((d) => d.id));
  return { found, missing: ids.filter((id) => !foundIds.has(id)) };
}
