/**
 * How far a series is written: every sample with `t ≤ watermark.t` is in Prometheus or can never be, and `offset` is
 * the highest Kafka offset (of the series' partition) among the samples stored up to it. A sample at or below `t`
 * from an offset at or below `offset` is a redelivery; from a later offset it arrived out of order.
 */
export interface Watermark {
  t: number;
  offset: number;
}

/**
 * The samples of one series that a request carries, recorded before it is sent. All samples are in [lo, hi];
 * `hiValue` is the newest one that is not a staleness marker (Prometheus queries never return markers); `offset` is
 * the highest Kafka offset among them.
 */
export interface WriteIntent {
  lo: number;
  hi: number;
  hiValue?: number | undefined;
  offset: number;
}

export type IntentResolution =
  /** The request was stored: everything up to `hi` is in Prometheus. */
  | 'written'
  /** Nothing of it was stored. */
  | 'not_written'
  /** Part of it was stored (a split request was under way). */
  | 'partly_written'
  /** Staleness markers only, which queries cannot see: all but the newest are skipped, that one is sent again. */
  | 'markers_only'
  /** No query endpoint, or it cannot answer: everything is sent again. */
  | 'unverified';

export interface ResolvedWatermark {
  watermark: Watermark | undefined;
  resolution: IntentResolution;
}

/** The higher of both, field by field. */
export function laterWatermark(a: Watermark | undefined, b: Watermark): Watermark {
  return a === undefined ? b : { t: Math.max(a.t, b.t), offset: Math.max(a.offset, b.offset) };
}

/**
 * The series' watermark once it is known what Prometheus holds of an intent: `newest` is the newest timestamp it
 * holds in [lo, hi] (undefined: none there; `unverified`: nobody could ask). Samples at or below the result are in
 * Prometheus (or can never be), the rest must be sent.
 *
 * A request is stored or rolled back as a whole, and a split request's parts are sent in time order, so holding the
 * newest non-marker sample means holding all of the request up to `hi`.
 */
export function watermarkAfterIntent(
  watermark: Watermark | undefined,
  intent: WriteIntent,
  newest: number | undefined | 'unverified',
): ResolvedWatermark {
  if (newest === 'unverified') return { watermark, resolution: 'unverified' };
  const { offset } = intent;
  if (newest !== undefined) {
    if (intent.hiValue !== undefined && newest >= intent.hiValue) {
      return { watermark: laterWatermark(watermark, { t: intent.hi, offset }), resolution: 'written' };
    }
    return { watermark: laterWatermark(watermark, { t: newest, offset }), resolution: 'partly_written' };
  }
  if (intent.hiValue !== undefined) return { watermark, resolution: 'not_written' };
  // Sending the newest marker again is harmless either way: identical to a stored one, it is accepted.
  return { watermark: laterWatermark(watermark, { t: intent.hi - 1, offset }), resolution: 'markers_only' };
}

const INT = '(-?\\d+)';
const INTENT = new RegExp(`^${INT}:${INT}:(-?\\d*):${INT}$`);
const WATERMARK = new RegExp(`^${INT}:${INT}$`);

const int = (text: string | undefined): number | undefined => {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isSafeInteger(n) ? n : undefined;
};

/** `lo:hi:hiValue:offset` (hiValue empty for markers only): the Redis form of an intent. */
export function encodeIntent(intent: WriteIntent): string {
  return `${intent.lo}:${intent.hi}:${intent.hiValue ?? ''}:${intent.offset}`;
}

/** The intent, or undefined for anything that is not one (a corrupted field is treated as no intent). */
export function decodeIntent(text: string | null | undefined): WriteIntent | undefined {
  const match = INTENT.exec(text ?? '');
  if (match === null) return undefined;
  const [lo, hi, hiValue, offset] = [int(match[1]), int(match[2]), int(match[3]), int(match[4])];
  if (lo === undefined || hi === undefined || offset === undefined || lo > hi) return undefined;
  if (match[3] !== '' && hiValue === undefined) return undefined;
  return { lo, hi, hiValue, offset };
}

/** `t:offset`: the Redis form of a watermark. */
export function encodeWatermark(watermark: Watermark): string {
  return `${watermark.t}:${watermark.offset}`;
}

export function decodeWatermark(text: string | null | undefined): Watermark | undefined {
  const match = WATERMARK.exec(text ?? '');
  if (match === null) return undefined;
  const [t, offset] = [int(match[1]), int(match[2])];
  return t === undefined || offset === undefined ? undefined : { t, offset };
}
