import { isSplittable } from './write-outcome';

/** The samples of one series in a request, in timestamp order. */
export interface SeriesSamples<S> {
  hash: string;
  samples: S[];
}

type SampleOf<G extends SeriesSamples<unknown>> = G['samples'][number];

export type SendResult = { ok: true } | { ok: false; status: number; reason: string };

export interface RejectedSample<S> {
  sample: S;
  status: number;
  reason: string;
}

/**
 * Sends `request` and, when the endpoint refuses it as a whole for something a smaller request may not contain
 * (Prometheus answers 400 for a whole request when one sample is out of order, and stores none of it), splits it:
 * first by series, then a single series by time, sending the earlier half before the later one, until the refused
 * samples are isolated. Requests go out one after another, so every series keeps its timestamp order. Returns the
 * samples that were refused on their own (every sample of the request for other statuses).
 */
export async function sendSplittingOnRejection<G extends SeriesSamples<unknown>>(
  request: readonly G[],
  send: (part: readonly G[]) => Promise<SendResult>,
): Promise<RejectedSample<SampleOf<G>>[]> {
  const result = await send(request);
  if (result.ok) return [];
  const { status, reason } = result;
  const rejectAll = () =>
    request.flatMap((s) => s.samples.map((sample) => ({ sample: sample as SampleOf<G>, status, reason })));
  if (!isSplittable(status)) return rejectAll();
  if (request.length > 1) {
    const middle = Math.ceil(request.length / 2);
    const first = await sendSplittingOnRejection(request.slice(0, middle), send);
    return [...first, ...(await sendSplittingOnRejection(request.slice(middle), send))];
  }
  const [series] = request;
  if (series === undefined || series.samples.length <= 1) return rejectAll();
  const middle = Math.ceil(series.samples.length / 2);
  const part = (samples: unknown[]) => [{ ...series, samples } as G];
  const earlier = await sendSplittingOnRejection(part(series.samples.slice(0, middle)), send);
  const later = await sendSplittingOnRejection(part(series.samples.slice(middle)), send);
  return [...earlier, ...later];
}
