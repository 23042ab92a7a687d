import type { Logger } from '@daytwo/core';
import { backoffDelayMs, RetryAbortedError, sleep } from '../retry/backoff';
import type { HttpEndpoint } from './http-endpoint';
import { inParallel } from './in-parallel';
import { REMOTE_WRITE_HEADERS } from './remote-write-encoder';
import type { RemoteWriteMetrics } from './remote-write-metrics';
import type { SeriesRef } from './series-state-store';
import type { SeriesWatermarks, TrackedSeries } from './series-watermarks';
import { encodeRequest, intentOf, planRequest, storedWatermarks, type RequestSeries } from './request-series';
import { sendSplittingOnRejection, type SendResult } from './split-on-rejection';
import { classifyAnswer, retryDelayMs, type RetryDelayPolicy } from './write-outcome';
import type { Watermark } from './watermark-decision';
import { REMOTE_WRITE_DEAD_LETTER_REASONS, type QueuedSample } from './write-ticket';

export interface RequestWriterOptions {
  http: HttpEndpoint;
  url: URL;
  watermarks: SeriesWatermarks;
  retry: RetryDelayPolicy;
  metrics: RemoteWriteMetrics;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** Aborts waits (retries of requests and of state calls): the sink is stopping. */
  signal: AbortSignal;
}

/**
 * Writes the samples a shard took from its queue as one request, and settles each on its ticket:
 *  1. samples at or below their series' watermark are skipped (a redelivery) or, when they came from a later offset,
 *     rejected as out of order;
 *  2. the intent {series → lo, hi} is recorded in Redis before anything is sent;
 *  3. the request is sent until it is answered for good (5xx, 429, no answer: retried with backoff or Retry-After,
 *     the same request again); a 400 splits it to isolate the refused samples;
 *  4. the watermarks of what was stored are raised and the intents cleared.
 * Resolves when all samples are settled; rejects with RetryAbortedError when the sink stops meanwhile.
 */
export class RequestWriter {
  constructor(private readonly options: RequestWriterOptions) {}

  async write(samples: readonly QueuedSample[]): Promise<void> {
    const { watermarks } = this.options;
    const live = samples.filter((s) => !s.ticket.failed);
    const tracked = new Map<string, TrackedSeries>();
    for (const { series, scope } of live) {
      if (!tracked.has(series.hash)) tracked.set(series.hash, { hash: series.hash, scope, identity: series });
    }
    if (tracked.size === 0) return;
    const known = await this.retrying('read_state', () => watermarks.watermarks([...tracked.values()]));
    const plan = planRequest(live, tracked, known);
    this.options.metrics.watermarkDrops.inc(plan.redelivered.length);
    for (const s of plan.redelivered) s.ticket.settleDropped();
    for (const { sample, watermark } of plan.outOfOrder) {
      const error = `out of order: series already holds a sample at ${watermark.t} (offset ${watermark.offset})`;
      sample.ticket.settleRejected({ sample, reason: REMOTE_WRITE_DEAD_LETTER_REASONS.outOfOrder, error });
    }
    const parts = plan.series;
    if (parts.length === 0) return;

    const intents = parts.map((p) => ({ hash: p.hash, scope: p.tracked.scope, intent: intentOf(p.samples) }));
    await this.retrying('record_intent', () => watermarks.recordIntents(intents));
    try {
      await this.sendAndCommit(parts, intents);
    } catch (err) {
      // Whatever was sent is unknown now: these series are read and their intents resolved again before their next
      // request, so a redelivery of this batch is not refused as out of order.
      watermarks.forget(intents.map((i) => i.hash));
      throw err;
    }
  }

  private async sendAndCommit(parts: readonly RequestSeries[], intents: readonly SeriesRef[]): Promise<void> {
    const { metrics, watermarks } = this.options;
    const stored: QueuedSample[] = [];
    const rejected = await sendSplittingOnRejection(parts, (part) => this.sendUntilAnswered(part, stored));
    await this.retrying('commit_state', () => watermarks.commit(storedWatermarks(stored), intents));

    for (const s of stored) s.ticket.settleWritten();
    metrics.samplesWritten.inc(stored.length);
    for (const { sample, status, reason } of rejected) {
      const error = `remote write answered ${status}: ${reason}`;
      sample.ticket.settleRejected({ sample, reason: REMOTE_WRITE_DEAD_LETTER_REASONS.rejected, error });
    }
  }

  /** One request (or part of a split one), sent until it is answered for good; `stored` collects what was stored. */
  private async sendUntilAnswered(part: readonly RequestSeries[], stored: QueuedSample[]): Promise<SendResult> {
    const { http, url, metrics, retry, signal, logger } = this.options;
    let pending = part;
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      if (uncertain) {
        // The last attempt may have been stored: sending it again would be refused as out of order.
        pending = await this.retrying('query', () => this.withoutStored(pending, stored));
        uncertain = false;
        if (pending.length === 0) return { ok: true };
      }
      const stopTimer = metrics.requestDuration.startTimer();
      const answer = await http.request('POST', url, encodeRequest(pending), { ...REMOTE_WRITE_HEADERS });
      stopTimer();
      const outcome = classifyAnswer(answer);
      metrics.requests.inc({ status: String(outcome.status) });
      if (outcome.outcome === 'success') {
        for (const p of pending) stored.push(...p.samples);
        return { ok: true };
      }
      const samples = pending.reduce((n, p) => n + p.samples.length, 0);
      if (outcome.outcome === 'failure') {
        logger.warn(
          { status: outcome.status, reason: outcome.reason, series: pending.length, samples },
          'remote write refused a request',
        );
        return { ok: false, status: outcome.status, reason: outcome.reason };
      }
      uncertain ||= outcome.uncertain;
      metrics.retries.inc({ status: outcome.status });
      const delayMs = retryDelayMs(outcome.retryAfterMs, retry, attempt);
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn(
          { status: outcome.status, reason: outcome.reason, attempt, delayMs, samples },
          'remote write failed; retrying',
        );
      }
      await sleep(delayMs, signal);
    }
  }

  /** Removes what Prometheus already holds (asked through the query endpoint) and adds it to `stored`. */
  private async withoutStored(part: readonly RequestSeries[], stored: QueuedSample[]): Promise<RequestSeries[]> {
    const held = new Map<RequestSeries, Watermark | undefined>();
    await inParallel(part, 8, async (series) => {
      const intent = intentOf(series.samples);
      held.set(series, (await this.options.watermarks.resolve(series.tracked, undefined, intent, 'retry')).watermark);
    });
    const remaining: RequestSeries[] = [];
    for (const series of part) {
      const watermark = held.get(series)?.t ?? Number.NEGATIVE_INFINITY;
      const keep = series.samples.filter((s) => s.timestamp > watermark);
      stored.push(...series.samples.filter((s) => s.timestamp <= watermark));
      if (keep.length > 0) remaining.push({ ...series, samples: keep });
    }
    return remaining;
  }

  /** Calls the state (Redis) or query endpoint until it works; only stopping ends the wait early. */
  private async retrying<T>(operation: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (err instanceof RetryAbortedError) throw err;
        this.options.metrics.stateErrors.inc({ operation });
        const delayMs = backoffDelayMs(this.options.retry, attempt);
        this.options.logger.warn({ err, operation, attempt, delayMs }, 'remote-write state call failed; retrying');
        await sleep(delayMs, this.options.signal);
      }
    }
  }
}
