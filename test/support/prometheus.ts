import type { MetricSample } from '@daytwo/core';
import { encodeRemoteWrite, REMOTE_WRITE_HEADERS } from '@daytwo/sink';
import { testEnv } from './env';
import { waitFor } from './wait-for';

export interface PrometheusResponse {
  status: number;
  body: string;
}

export interface InstantVectorItem {
  metric: Record<string, string>;
  /** [unix seconds, value as text] */
  value: [number, string];
}

/** POSTs samples to the remote-write receiver, encoded with the sink's encoder. */
export async function remoteWrite(
  samples: readonly MetricSample[],
  baseUrl: string = testEnv.prometheusUrl,
): Promise<PrometheusResponse> {
  const response = await fetch(`${baseUrl}/api/v1/write`, {
    method: 'POST',
    headers: REMOTE_WRITE_HEADERS,
    body: encodeRemoteWrite(samples),
  });
  return { status: response.status, body: await response.text() };
}

/** Runs an instant query at `timeMs` and returns the vector result. */
export async function queryInstant(
  expr: string,
  timeMs: number,
  baseUrl: string = testEnv.prometheusUrl,
): Promise<InstantVectorItem[]> {
  const params = new URLSearchParams({ query: expr, time: (timeMs / 1000).toFixed(3) });
  const response = await fetch(`${baseUrl}/api/v1/query?${params.toString()}`);
  const payload = (await response.json()) as { status: string; error?: string; data?: { result: InstantVectorItem[] } };
  if (payload.status !== 'success' || payload.data === undefined) {
    throw new Error(`query ${expr} failed (${response.status}): ${payload.error ?? 'no data'}`);
  }
  return payload.data.result;
}

/** Waits until Prometheus answers /-/ready. */
export async function waitForPrometheus(baseUrl: string = testEnv.prometheusUrl, timeoutMs = 60_000): Promise<void> {
  await waitFor(async () => ((await fetch(`${baseUrl}/-/ready`)).ok ? true : undefined), {
    timeoutMs,
    intervalMs: 1000,
    what: `Prometheus at ${baseUrl}`,
  });
}
