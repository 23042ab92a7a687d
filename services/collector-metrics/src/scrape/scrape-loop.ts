import type { RelabelConfig } from '@daytwo/core';
import type { Logger } from 'pino';
import { parseExposition } from '../exposition';
import type { OutgoingSample, SamplePublisher } from '../publish/sample-publisher';
import { seriesKeyHash } from '../publish/series-key';
import type { FailureLog } from './failure-log';
import { HttpScraper } from './http-scraper';
import { nextScrapeTime, scrapePhaseMs } from './jitter';
import { reportSamples, reportSeries, type ReportSeries, type ScrapeReport } from './report-samples';
import { buildSamples } from './sample-builder';
import { ScrapeError } from './scrape-error';
import type { ScrapeMetrics, TargetState } from './scrape-metrics';
import type { ScrapeTarget } from './scrape-target';
import type { Semaphore } from './semaphore';
import { metricSample, staleMarker, type SeriesRef } from './series';
import { SeriesTracker } from './staleness';

interface ScrapeResult {
  samples: OutgoingSample[];
  /** Samples exposed by the target. */
  scraped: number;
  /** Left after metric_relabel_configs. */
  kept: number;
}

export interface ScrapeLoopDeps {
  intervalMs: number;
  timeoutMs: number;
  bodySizeLimit: number;
  accept: string;
  userAgent: string;
  jitterSeed: bigint;
  metricRelabelConfigs: readonly RelabelConfig[];
  semaphore: Semaphore;
  publisher: SamplePublisher;
  metrics: ScrapeMetrics;
  failures: FailureLog;
  logger: Logger;
}

/**
 * Scrapes one target every interval at its own phase, and publishes its samples, its report series (`up`,
 * `scrape_duration_seconds`, ...) and staleness markers for series that disappeared or could not be scraped.
 */
export class ScrapeLoop {
  state: TargetState = 'unknown';
  lastError: string | undefined;
  private readonly scraper: HttpScraper;
  private readonly tracker = new SeriesTracker();
  private readonly report: ReportSeries;
  private readonly phaseMs: number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    readonly target: ScrapeTarget,
    private readonly deps: ScrapeLoopDeps,
  ) {
    const { timeoutMs, bodySizeLimit, accept, userAgent } = deps;
    this.scraper = new HttpScraper({ url: target.url, job: target.job, timeoutMs, bodySizeLimit, accept, userAgent });
    this.report = reportSeries(target.labels);
    this.phaseMs = scrapePhaseMs(target.hash, deps.jitterSeed, deps.intervalMs);
  }

  start(): void {
    this.schedule(false);
  }

  /**
   * Stops scraping (an in-flight scrape is cancelled). With `markStale` (the target went away) every series it had,
   * report series included, gets a staleness marker; a shutdown leaves them, the next collector continues them.
   */
  async stop(markStale: boolean): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
    this.scraper.close();
    this.deps.failures.forget(this.target.key);
    if (!markStale || this.state === 'unknown') return;
    const series = [...this.tracker.clear(), ...Object.values(this.report)];
    this.publish(series.map((s) => this.stale(s, Date.now())));
  }

  private schedule(strictlyAfter: boolean): void {
    if (this.stopped) return;
    const now = Date.now();
    const at = nextScrapeTime(this.phaseMs, this.deps.intervalMs, now, strictlyAfter);
    this.timer = setTimeout(() => {
      this.running = this.scrapeOnce()
        .catch((err: unknown) => this.deps.logger.error({ err, target: this.target.url }, 'scrape loop failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule(true);
        });
    }, at - now);
  }

  private async scrapeOnce(): Promise<void> {
    const { publisher, metrics, semaphore } = this.deps;
    if (publisher.isPending(this.target.key)) {
      metrics.skipped.inc({ reason: 'publish_backlog' });
      return;
    }
    const release = await semaphore.acquire(this.abort.signal);
    if (!release) return;
    const startMs = Date.now();
    const started = performance.now();
    let outcome: ScrapeResult | ScrapeError;
    try {
      const response = await this.scraper.scrape(this.abort.signal);
      outcome = this.resultOf(response.body, response.contentType, startMs);
    } catch (err) {
      outcome = err instanceof ScrapeError ? err : new ScrapeError('connection', String(err), { cause: err });
    } finally {
      release();
    }
    // A target removed meanwhile: stop() publishes its end.
    if (this.stopped) return;
    const durationSeconds = (performance.now() - started) / 1000;
    metrics.duration.observe(durationSeconds);
    if (outcome instanceof ScrapeError) this.failed(outcome, startMs, durationSeconds);
    else this.succeeded(outcome, startMs, durationSeconds);
  }

  /** The samples of a body, plus staleness markers for series gone since the previous scrape. */
  private resultOf(body: string, contentType: string | undefined, startMs: number): ScrapeResult {
    let parsed;
    try {
      parsed = parseExposition(body, contentType, { defaultTimestampMs: startMs });
    } catch (err) {
      throw new ScrapeError('parse', `invalid exposition: ${(err as Error).message}`, { cause: err });
    }
    const { honorLabels, honorTimestamps } = this.target.job;
    const built = buildSamples(parsed.samples, {
      targetLabels: this.target.labels,
      honorLabels,
      honorTimestamps,
      metricRelabelConfigs: this.deps.metricRelabelConfigs,
      scrapeTimeMs: startMs,
    });
    const gone = this.tracker.update(built.samples.filter((s) => !s.explicitTimestamp).map((s) => s.series));
    const samples = [
      ...built.samples.map((s) => ({
        keyHash: seriesKeyHash(s.series),
        sample: metricSample(s.series, s.value, s.timestamp),
      })),
      ...gone.map((s) => this.stale(s, startMs)),
    ];
    return { samples, scraped: parsed.samples.length, kept: built.samples.length };
  }

  private succeeded({ samples, scraped, kept }: ScrapeResult, startMs: number, durationSeconds: number): void {
    this.deps.metrics.scrapes.inc({ result: 'success' });
    this.deps.metrics.samplesScraped.inc(kept);
    this.deps.failures.succeeded(this.target.key, this.target.url);
    this.state = 'up';
    this.lastError = undefined;
    const report = { up: 1, durationSeconds, samplesScraped: scraped, samplesPostRelabeling: kept };
    this.publish([...samples, ...this.reportOf(report, startMs)]);
  }

  private failed(err: ScrapeError, startMs: number, durationSeconds: number): void {
    this.deps.metrics.scrapes.inc({ result: 'failure' });
    this.deps.metrics.failures.inc({ reason: err.reason });
    this.deps.failures.failed(this.target.key, this.target.url, err);
    this.state = 'down';
    this.lastError = err.message;
    // As Prometheus: a failed scrape ends every series of the target.
    const stale = this.tracker.clear().map((s) => this.stale(s, startMs));
    const report = { up: 0, durationSeconds, samplesScraped: 0, samplesPostRelabeling: 0 };
    this.publish([...stale, ...this.reportOf(report, startMs)]);
  }

  private reportOf(report: ScrapeReport, timestamp: number): OutgoingSample[] {
    return reportSamples(this.report, report, timestamp).map(({ series, sample }) => ({
      keyHash: seriesKeyHash(series),
      sample,
    }));
  }

  private stale(series: SeriesRef, timestamp: number): OutgoingSample {
    this.deps.metrics.staleMarkers.inc();
    return { keyHash: seriesKeyHash(series), sample: staleMarker(series, timestamp) };
  }

  private publish(samples: OutgoingSample[]): void {
    this.deps.publisher.submit(this.target.key, samples);
  }
}
