import { rawSamples, type RangeSeries } from '../integration/sink-remote-write-support';
import type { ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/** [timestamp ms, value] per value of one label. */
export type SamplesBy = Record<string, [number, number][]>;

/** The value of one series in a /metrics text (labels given in their exposed order). */
export function exposedValue(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`${series} is not exposed`);
  return Number(line.slice(series.length + 1));
}

/** Lines of requests the sink sent that Prometheus refused with a 4xx (in this run of the sink). */
export async function refusedRequests(sink: ServiceProcess): Promise<string[]> {
  const { body } = await sink.get('/metrics');
  return body.split('\n').filter((l) => /^daytwo_sink_remote_write_requests_total\{[^}]*status="4\d\d"/.test(l));
}

export function samplesBy(label: string, series: readonly RangeSeries[]): SamplesBy {
  return Object.fromEntries(
    series.map((s): [string, [number, number][]] => [s.metric[label] ?? '', s.samples.map(([t, v]) => [t, Number(v)])]),
  );
}

const canonical = (samples: SamplesBy) => JSON.stringify(Object.entries(samples).sort());

/** Waits until Prometheus holds exactly `expected` for `selector` in [fromMs, toMs]; returns what it holds then. */
export async function waitForStored(
  selector: string,
  label: string,
  window: { fromMs: number; toMs: number },
  expected: SamplesBy,
  timeoutMs: number,
): Promise<SamplesBy> {
  let stored: SamplesBy = {};
  await waitFor(
    async () => {
      stored = samplesBy(label, await rawSamples(selector, window.fromMs, window.toMs));
      return canonical(stored) === canonical(expected) ? true : undefined;
    },
    { timeoutMs, intervalMs: 1_000, what: `${selector} as published` },
  ).catch(() => undefined);
  return stored;
}

export interface ScrapedValue {
  metric: Record<string, string>;
  value: number;
}

/**
 * The newest scrape that every one of `count` series of `selector` has a sample of (each series may be written in
 * another request, so the newest samples of all of them need not be of the same scrape).
 */
export async function newestCompleteScrape(selector: string, count: number, lookbackMs: number) {
  const all = await rawSamples(selector, Date.now() - lookbackMs, Date.now());
  if (all.length !== count) return undefined;
  const times = all.map((s) => new Set(s.samples.map(([t]) => t)));
  const t = Math.max(...[...times[0]!].filter((at) => times.every((set) => set.has(at))));
  if (!Number.isFinite(t)) return undefined;
  return all.map((s): ScrapedValue => ({ metric: s.metric, value: Number(s.samples.find(([at]) => at === t)![1]) }));
}

/** Histogram buckets by upper bound, smallest first. */
export function sortedBuckets(buckets: ScrapedValue[]): ScrapedValue[] {
  const bound = (b: ScrapedValue) => Number(b.metric['le']!.replace('+Inf', 'Infinity'));
  return [...buckets].sort((a, b) => bound(a) - bound(b));
}
