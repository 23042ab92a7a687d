import { sleep } from '../logs/process-stats';

export const PROMETHEUS_URL = process.env['DAYTWO_PROMETHEUS_URL'] ?? 'http://127.0.0.1:9090';

/** The value of a scalar-valued instant query (a one-element vector), 0 for an empty result. */
export async function queryNumber(expr: string, atMs: number): Promise<number> {
  const params = new URLSearchParams({ query: expr, time: (atMs / 1000).toFixed(3) });
  const response = await fetch(`${PROMETHEUS_URL}/api/v1/query?${params.toString()}`, {
    signal: AbortSignal.timeout(60_000),
  });
  const payload = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: { value: [number, string] }[] };
  };
  if (payload.status !== 'success') throw new Error(`query ${expr} failed: ${payload.error ?? response.status}`);
  const first = payload.data?.result[0];
  return first === undefined ? 0 : Number(first.value[1]);
}

/** Samples of `selector` stored in Prometheus with a timestamp in (toMs - spanMs, toMs]. */
export function storedSamples(selector: string, toMs: number, spanMs: number): Promise<number> {
  return queryNumber(`sum(count_over_time(${selector}[${spanMs}ms]))`, toMs);
}

export interface SettledCount {
  samples: number;
  /** From `toMs` until the count reached `expected` (or stopped growing). */
  lagSeconds: number;
}

/**
 * Waits until the samples of the window are in Prometheus: `expected` of them, or no growth for `quietMs` (some
 * were lost or late beyond that), at most `timeoutMs` after the window's end.
 */
export async function waitForWindow(
  selector: string,
  window: { toMs: number; spanMs: number },
  expected: number,
  options: { quietMs: number; timeoutMs: number },
): Promise<SettledCount> {
  let last = -1;
  let lastChangeMs = Date.now();
  for (;;) {
    const samples = await storedSamples(selector, window.toMs, window.spanMs);
    const now = Date.now();
    if (samples >= expected) return { samples, lagSeconds: (now - window.toMs) / 1000 };
    if (samples !== last) {
      last = samples;
      lastChangeMs = now;
    } else if (now - lastChangeMs >= options.quietMs || now - window.toMs >= options.timeoutMs) {
      return { samples, lagSeconds: (lastChangeMs - window.toMs) / 1000 };
    }
    await sleep(1_000);
  }
}
