import type { HttpEndpoint } from './http-endpoint';
import type { RemoteWriteLabel } from './remote-write-encoder';
import { isSameSeries, seriesSelector } from './series';

/** The query endpoint could not answer now (unreachable, 5xx, 429): ask again later. */
export class PrometheusQueryError extends Error {
  override name = 'PrometheusQueryError';
}

/** The query endpoint cannot answer this question at all (a label name PromQL cannot express, a 4xx). */
export class UnanswerableQueryError extends Error {
  override name = 'UnanswerableQueryError';
}

/**
 * `GET <queryUrl>?query=<selector>[<n>ms]&time=<to>`: the raw samples of the series in [from, to] (the range vector
 * of an instant query; staleness markers are not returned). Undefined when the selector cannot be written.
 */
export function lastSampleQueryUrl(
  queryUrl: string,
  labels: readonly RemoteWriteLabel[],
  fromMs: number,
  toMs: number,
): URL | undefined {
  const selector = seriesSelector(labels);
  if (selector === undefined) return undefined;
  const url = new URL(queryUrl);
  url.searchParams.set('query', `${selector}[${Math.max(1, toMs - fromMs + 1)}ms]`);
  url.searchParams.set('time', (toMs / 1000).toFixed(3));
  return url;
}

interface MatrixResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
}

/** The newest sample timestamp (ms) of exactly this series in a range-vector answer; undefined when it has none. */
export function newestSampleTime(payload: unknown, labels: readonly RemoteWriteLabel[]): number | undefined {
  const response = payload as MatrixResponse;
  if (response?.status !== 'success' || response.data?.resultType !== 'matrix') {
    throw new UnanswerableQueryError(`unexpected query answer: ${JSON.stringify(payload).slice(0, 200)}`);
  }
  let newest: number | undefined;
  for (const series of response.data.result ?? []) {
    if (!isSameSeries(series.metric ?? {}, labels)) continue;
    for (const [seconds] of series.values ?? []) {
      const ms = Math.round(seconds * 1000);
      if (newest === undefined || ms > newest) newest = ms;
    }
  }
  return newest;
}

/** Asks Prometheus which samples of a series it holds: the read half of crash recovery. */
export class LastSampleQuery {
  constructor(
    private readonly http: HttpEndpoint,
    private readonly queryUrl: string,
  ) {}

  /**
   * The newest timestamp Prometheus holds for the series in [fromMs, toMs], or undefined when it holds none there.
   * Throws PrometheusQueryError when it should be asked again later, UnanswerableQueryError when asking is useless.
   */
  async newestIn(labels: readonly RemoteWriteLabel[], fromMs: number, toMs: number): Promise<number | undefined> {
    const url = lastSampleQueryUrl(this.queryUrl, labels, fromMs, toMs);
    if (url === undefined) throw new UnanswerableQueryError('a label name cannot be written in PromQL');
    const answer = await this.http.request('GET', url);
    if (answer.kind === 'no-answer') throw new PrometheusQueryError(`query failed: ${answer.error.message}`);
    if (answer.status === 429 || answer.status >= 500) {
      throw new PrometheusQueryError(`query answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
    if (answer.status !== 200) {
      throw new UnanswerableQueryError(`query answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(answer.body);
    } catch {
      throw new UnanswerableQueryError(`query answer is not JSON: ${answer.body.slice(0, 200)}`);
    }
    return newestSampleTime(payload, labels);
  }
}
