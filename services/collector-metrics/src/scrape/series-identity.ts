import { createHash } from 'node:crypto';

/** An unambiguous text of a label set: names sorted, JSON-escaped (values may contain any character). */
function canonical(head: string, labels: Readonly<Record<string, string>>): string {
  const parts = [head];
  for (const name of Object.keys(labels).sort()) parts.push(name, labels[name]!);
  return JSON.stringify(parts);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Identity of a series: a hash of its name and sorted labels (128 bits, hex). Kafka keys and sample ids derive from it,
 * so it must not change between releases.
 */
export function seriesHash(name: string, labels: Readonly<Record<string, string>>): string {
  return sha256(canonical(name, labels)).toString('hex', 0, 16);
}

/** Stable id of one sample: the same series at the same timestamp always gets the same id, so redelivery is harmless. */
export function sampleId(series: string, timestampMs: number): string {
  return sha256(`${series}@${timestampMs}`).toString('hex', 0, 16);
}

export interface TargetIdentity {
  /** Hex; equal for the same final labels and URL, whoever discovered the target. */
  key: string;
  /** 64 bits of the same hash, for the scrape offset. */
  hash: bigint;
}

export function targetIdentity(labels: Readonly<Record<string, string>>, url: string): TargetIdentity {
  const digest = sha256(canonical(url, labels));
  return { key: digest.toString('hex', 0, 16), hash: digest.readBigUInt64BE(0) };
}

/** 64-bit hash of a free text (the jitter seed). */
export function hash64(text: string): bigint {
  return sha256(text).readBigUInt64BE(0);
}
