import { uncompressSync } from 'snappy';
import { bitsToFloat64, isStaleNaNBits } from './float64-bits';
import { WriteRequestType, type WriteRequestObject } from './remote-write-schema';
import type { RemoteWriteLabel } from './remote-write-encoder';

export interface DecodedRemoteWriteSample {
  value: number;
  timestamp: number;
  /** The value carried the exact Prometheus StaleNaN bit pattern. */
  stale: boolean;
}

export interface DecodedRemoteWriteSeries {
  labels: RemoteWriteLabel[];
  samples: DecodedRemoteWriteSample[];
}

const LOW_WORD = 0xffffffffn;

function decodeSample(sample: { value: string; timestamp: string }): DecodedRemoteWriteSample {
  const raw = BigInt(sample.value);
  const bits = { low: Number(raw & LOW_WORD), high: Number((raw >> 32n) & LOW_WORD) };
  return { value: bitsToFloat64(bits), timestamp: Number(sample.timestamp), stale: isStaleNaNBits(bits) };
}

/** Decodes a snappy block-compressed remote-write 1.0 body (what Prometheus receives). */
export function decodeRemoteWrite(body: Uint8Array): DecodedRemoteWriteSeries[] {
  const proto = uncompressSync(Buffer.from(body), { asBuffer: true }) as Buffer;
  const message = WriteRequestType.decode(proto);
  const object = WriteRequestType.toObject(message, { longs: String, defaults: true }) as WriteRequestObject;
  return (object.timeseries ?? []).map((series) => ({
    labels: (series.labels ?? []).map(({ name, value }) => ({ name, value })),
    samples: (series.samples ?? []).map(decodeSample),
  }));
}
