import type { Client, estypes } from '@elastic/elasticsearch';
import { bulkBody, type BulkItem } from './bulk-encoder';
import type { ElasticsearchMetrics } from './metrics';
import { classifyBulkResponse, classifyRequestError, type WriteResult } from './write-result';

/** The part of a pino logger the writer uses. */
export interface WriterLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface BulkWriterOptions {
  client: Client;
  metrics?: ElasticsearchMetrics | undefined;
  logger?: WriterLogger | undefined;
}

// Only what classification needs: the response of a 5000-item request stays small.
const FILTER_PATH = 'errors,items.*.status,items.*.error';

/**
 * Sends one `_bulk` request per call and says, per item and in order, what became of it. It never throws for
 * Elasticsearch trouble: a failed request makes every item `retryable`, and a 413 (body too large) is split in halves
 * until the single document that is too large is a `failure`. Retrying is the caller's business (see retry.ts): the
 * client's own retries are off, they would resend the items that were already stored.
 */
export class BulkWriter {
  constructor(private readonly options: BulkWriterOptions) {}

  async send<T>(items: readonly BulkItem<T>[]): Promise<WriteResult[]> {
    if (items.length === 0) return [];
    const { metrics } = this.options;
    const body = bulkBody(items);
    metrics?.bulkDocs.observe(items.length);
    metrics?.bulkBytes.observe(Buffer.byteLength(body));
    const stopTimer = metrics?.bulkDuration.startTimer();
    let response: estypes.BulkResponse;
    try {
      response = await this.options.client.transport.request<estypes.BulkResponse>(
        { method: 'POST', path: '/_bulk', bulkBody: body, querystring: { filter_path: FILTER_PATH } },
        { maxRetries: 0 },
      );
    } catch (err) {
      stopTimer?.();
      metrics?.bulkRequests.inc({ result: 'error' });
      return this.onRequestError(items, err);
    }
    stopTimer?.();
    metrics?.bulkRequests.inc({ result: 'ok' });
    return classifyBulkResponse(response, items.length);
  }

  private async onRequestError<T>(items: readonly BulkItem<T>[], err: unknown): Promise<WriteResult[]> {
    const cls = classifyRequestError(err);
    if (cls.kind === 'too_large') {
      if (items.length === 1) {
        const reason = `document of ${items[0]!.bytes} bytes is larger than the cluster accepts (http.max_content_length)`;
        return [{ outcome: 'failure', status: 413, errorType: 'request_entity_too_large', reason }];
      }
      const half = Math.ceil(items.length / 2);
      this.options.logger?.debug({ items: items.length }, 'bulk request too large: splitting it');
      return [...(await this.send(items.slice(0, half))), ...(await this.send(items.slice(half)))];
    }
    const { kind: _kind, ...retryable } = cls;
    this.options.logger?.warn(
      { status: cls.status, errorType: cls.errorType, reason: cls.reason, items: items.length },
      'bulk request failed; its items will be retried',
    );
    return items.map(() => ({ outcome: 'retryable', ...retryable }));
  }
}
