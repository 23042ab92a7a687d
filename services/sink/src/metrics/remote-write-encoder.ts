import { compressSync } from 'snappy';
import type { MetricSample } from '@daytwo/core';
import { float64ToBits, STALE_NAN_BITS, type Float64Bits } from './float64-bits';
import { WriteRequestType, type WriteRequestMessage } from './remote-write-schema';

/** Headers every remote-write 1.0 POST carries. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
});

export const METRIC_NAME_LABEL = '__name__';

/** A sample that cannot be expressed in remote write; the sink dead-letters it instead of sending the batch. */
export class RemoteWriteEncodeError extends Error {
  override readonly name = 'RemoteWriteEncodeError';
  constructor(
    readonly sampleId: string,
    readonly reason: string,
  ) {
    super(`sample ${sampleId}: ${reason}`);
  }
}

export interface RemoteWriteLabel {
  name: string;
  value: string;
}

export interface RemoteWriteSeries {
  /** Sorted by name in Unicode code point (= UTF-8 byte) order, `__name__` included. */
  labels: RemoteWriteLabel[];
  /** In timestamp order. */
  samples: { bits: Float64Bits; timestamp: number }[];
}

/** Why a sample cannot be written, or undefined when it can. */
export function remoteWriteProblem(sample: MetricSample): string | undefined {
  if (sample.name === '') return 'empty metric name';
  if (METRIC_NAME_LABEL in sample.labels) return `labels must not contain ${METRIC_NAME_LABEL}`;
  if (!Number.isSafeInteger(sample.timestamp)) return `timestamp ${sample.timestamp} is not an integer of ms`;
  if (typeof sample.value !== 'number') return 'value is not a number';
  return undefined;
}

/** Orders strings by code point, which is the byte order of their UTF-8 encoding that Prometheus sorts by. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
  }
  return a.length - b.length;
}

/** The labels of the sample's series, `__name__` included, sorted as remote write wants them. */
export function seriesLabels(sample: MetricSample): RemoteWriteLabel[] {
  const labels: RemoteWriteLabel[] = [{ name: METRIC_NAME_LABEL, value: sample.name }];
  for (const [name, value] of Object.entries(sample.labels)) {
    // Prometheus treats an empty label value as an absent label.
    if (value !== '') labels.push({ name, value });
  }
  return labels.sort((x, y) => compareCodePoints(x.name, y.name));
}

/** Groups samples by series (name + labels); each series keeps its samples in timestamp order. */
export function toRemoteWriteSeries(samples: readonly MetricSample[]): RemoteWriteSeries[] {
  const bySeries = new Map<string, RemoteWriteSeries>();
  for (const sample of samples) {
    const problem = remoteWriteProblem(sample);
    if (problem !== undefined) throw new RemoteWriteEncodeError(sample.id, problem);
    const labels = seriesLabels(sample);
    const key = JSON.stringify(labels.map((l) => [l.name, l.value]));
    let series = bySeries.get(key);
    if (series === undefined) {
      series = { labels, samples: [] };
      bySeries.set(key, series);
    }
    const bits = sample.stale === true ? { ...STALE_NAN_BITS } : float64ToBits(sample.value);
    series.samples.push({ bits, timestamp: sample.timestamp });
  }
  const result = [...bySeries.values()];
  // Array.prototype.sort is stable: samples with equal timestamps keep their input order.
  for (const series of result) series.samples.sort((x, y) => x.timestamp - y.timestamp);
  return result;
}

/** The uncompressed `WriteRequest` protobuf bytes. */
export function encodeWriteRequestProto(series: readonly RemoteWriteSeries[]): Uint8Array {
  const message: WriteRequestMessage = {
    timeseries: series.map((s) => ({
      labels: s.labels,
      samples: s.samples.map((x) => ({
        value: { low: x.bits.low, high: x.bits.high, unsigned: true },
        timestamp: x.timestamp,
      })),
    })),
  };
  return WriteRequestType.encode(message).finish();
}

/** The HTTP body of a remote-write 1.0 request: snappy block-compressed `WriteRequest`. */
export function encodeRemoteWrite(samples: readonly MetricSample[]): Buffer {
  return compressSync(Buffer.from(encodeWriteRequestProto(toRemoteWriteSeries(samples))));
}
