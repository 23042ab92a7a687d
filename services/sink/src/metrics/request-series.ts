import { compressSync } from 'snappy';
import { encodeWriteRequestProto } from './remote-write-encoder';
import type { TrackedSeries } from './series-watermarks';
import type { SeriesSamples } from './split-on-rejection';
import type { Watermark, WriteIntent } from './watermark-decision';
import type { QueuedSample } from './write-ticket';

/** The samples of one series in a request, in timestamp order. */
export interface RequestSeries extends SeriesSamples<QueuedSample> {
  tracked: TrackedSeries;
}

export interface PlannedRequest {
  series: RequestSeries[];
  /** At or below their series' watermark, from an offset it already covers: stored before (redelivery). */
  redelivered: QueuedSample[];
  /** At or below their series' watermark but from a later offset: they came out of order, Prometheus would refuse. */
  outOfOrder: { sample: QueuedSample; watermark: Watermark }[];
}

/** Sorts the samples into what to send, grouped by series in timestamp order, and what not to. */
export function planRequest(
  samples: readonly QueuedSample[],
  tracked: ReadonlyMap<string, TrackedSeries>,
  watermarks: ReadonlyMap<string, Watermark | undefined>,
): PlannedRequest {
  const plan: PlannedRequest = { series: [], redelivered: [], outOfOrder: [] };
  const bySeries = new Map<string, RequestSeries>();
  for (const sample of samples) {
    const { hash } = sample.series;
    const watermark = watermarks.get(hash);
    if (watermark !== undefined && sample.timestamp <= watermark.t) {
      if (sample.offset <= watermark.offset) plan.redelivered.push(sample);
      else plan.outOfOrder.push({ sample, watermark });
      continue;
    }
    const entry = bySeries.get(hash);
    if (entry) entry.samples.push(sample);
    else bySeries.set(hash, { hash, tracked: tracked.get(hash)!, samples: [sample] });
  }
  plan.series = [...bySeries.values()];
  // Stable: samples with equal timestamps keep their arrival order.
  for (const s of plan.series) s.samples.sort((a, b) => a.timestamp - b.timestamp);
  return plan;
}

/** The intent of one series' samples (in timestamp order). */
export function intentOf(samples: readonly QueuedSample[]): WriteIntent {
  let hiValue: number | undefined;
  let offset = Number.MIN_SAFE_INTEGER;
  for (const s of samples) {
    if (!s.stale) hiValue = s.timestamp;
    offset = Math.max(offset, s.offset);
  }
  return { lo: samples[0]!.timestamp, hi: samples[samples.length - 1]!.timestamp, hiValue, offset };
}

/** The watermark each series reaches with these samples stored. */
export function storedWatermarks(stored: readonly QueuedSample[]): { hash: string; watermark: Watermark }[] {
  const reached = new Map<string, Watermark>();
  for (const s of stored) {
    const w = reached.get(s.series.hash);
    reached.set(s.series.hash, {
      t: Math.max(s.timestamp, w?.t ?? s.timestamp),
      offset: Math.max(s.offset, w?.offset ?? s.offset),
    });
  }
  return [...reached].map(([hash, watermark]) => ({ hash, watermark }));
}

/** The HTTP body: a snappy block-compressed WriteRequest. */
export function encodeRequest(part: readonly RequestSeries[]): Buffer {
  const series = part.map((p) => ({
    labels: p.tracked.identity.labels,
    samples: p.samples.map((s) => ({ bits: s.bits, timestamp: s.timestamp })),
  }));
  return compressSync(Buffer.from(encodeWriteRequestProto(series)));
}
