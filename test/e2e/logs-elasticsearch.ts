import type { Client, estypes } from '@elastic/elasticsearch';
import type { LogRecord } from '@daytwo/core';
import { seqOfDocument } from '../support/log-events';
import type { WrittenEvent } from '../support/pod-log-generator';
import { waitFor } from '../support/wait-for';

export type StoredLog = LogRecord & { attributes?: Record<string, unknown> };

export interface StoredDoc {
  id: string;
  index: string;
  source: StoredLog;
}

/** The daily log indices and the dead-letter index the sink writes under one prefix. */
export class LogIndices {
  constructor(
    readonly es: Client,
    readonly prefix: string,
  ) {}

  get logs(): string {
    return `${this.prefix}-logs-*`;
  }

  get deadLetters(): string {
    return `${this.prefix}-deadletter-logs`;
  }

  async refresh(): Promise<void> {
    await this.es.indices.refresh({ index: `${this.prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
  }

  async count(namespace: string): Promise<number> {
    const { count } = await this.es.count({ index: this.logs, query: byNamespace(namespace) });
    return count;
  }

  /** Every document of a namespace (after a refresh), paged by `event.id`. */
  async docs(namespace: string): Promise<StoredDoc[]> {
    await this.refresh();
    return this.searchAll(this.logs, byNamespace(namespace), 'event.id');
  }

  /** The dead-letter index entries (after a refresh). */
  async deadLetterEntries(): Promise<Record<string, unknown>[]> {
    await this.refresh();
    const exists = await this.es.indices.exists({ index: this.deadLetters });
    if (!exists) return [];
    const docs = await this.searchAll(this.deadLetters, { match_all: {} }, '@timestamp');
    return docs.map((d) => d.source as unknown as Record<string, unknown>);
  }

  /** Terms of `field` held by more than one document of the namespace. */
  async repeatedTerms(namespace: string, field: string): Promise<{ key: string; count: number }[]> {
    await this.refresh();
    const response = await this.es.search({
      index: this.logs,
      size: 0,
      query: byNamespace(namespace),
      aggs: { repeated: { terms: { field, min_doc_count: 2, size: 20 } } },
    });
    const agg = response.aggregations?.['repeated'] as estypes.AggregationsStringTermsAggregate | undefined;
    const buckets = (agg?.buckets ?? []) as estypes.AggregationsStringTermsBucket[];
    return buckets.map((b) => ({ key: String(b.key), count: b.doc_count }));
  }

  /**
   * Waits until the namespace holds `expected` documents; returns the milliseconds it took. Counts are polled
   * (the indices refresh every second).
   */
  async waitForCount(namespace: string, expected: number, timeoutMs: number): Promise<number> {
    const started = Date.now();
    let last = -1;
    try {
      await waitFor(
        async () => {
          last = await this.count(namespace);
          return last >= expected ? true : undefined;
        },
        { timeoutMs, intervalMs: 500, what: `${expected} documents in ${namespace}` },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message} (last count ${last})`, { cause: err });
    }
    return Date.now() - started;
  }

  private async searchAll(index: string, query: estypes.QueryDslQueryContainer, sortField: string) {
    const out: StoredDoc[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.es.search<StoredLog>({
        index,
        query,
        size: 2000,
        sort: [sortField, '_doc'],
        ...(after ? { search_after: after } : {}),
      });
      for (const hit of page.hits.hits) out.push({ id: hit._id!, index: hit._index, source: hit._source! });
      const last = page.hits.hits.at(-1);
      if (!last || page.hits.hits.length < 2000) return out;
      after = last.sort;
    }
  }
}

function byNamespace(namespace: string): estypes.QueryDslQueryContainer {
  return { term: { 'kubernetes.namespace': namespace } };
}

export interface DeliveryReport {
  written: number;
  stored: number;
  distinctIds: number;
  /** Sequence keys written but not stored. */
  missing: string[];
  /** Sequence keys stored more than once. */
  duplicated: string[];
  /** Stored documents whose sequence key was never written (or that have none). */
  unexpected: string[];
}

/** Compares what Elasticsearch holds with what was written: each written event must be stored exactly once. */
export function deliveryReport(docs: readonly StoredDoc[], written: readonly WrittenEvent[]): DeliveryReport {
  const wanted = new Set(written.map((w) => w.event.seq));
  const seen = new Map<string, number>();
  const unexpected: string[] = [];
  for (const doc of docs) {
    const seq = seqOfDocument(doc.source);
    if (seq === undefined || !wanted.has(seq)) unexpected.push(seq ?? `(no seq) ${doc.id}`);
    else seen.set(seq, (seen.get(seq) ?? 0) + 1);
  }
  return {
    written: written.length,
    stored: docs.length,
    distinctIds: new Set(docs.map((d) => d.id)).size,
    missing: [...wanted].filter((seq) => !seen.has(seq)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([seq]) => seq),
    unexpected,
  };
}

/** The report in one line for the test output. */
export function summarize(title: string, report: DeliveryReport, extra: Record<string, unknown> = {}): string {
  const parts = [
    `lines written ${report.written}`,
    `docs found ${report.stored}`,
    `distinct ids ${report.distinctIds}`,
    `duplicates ${report.duplicated.length}`,
    `missing ${report.missing.length}`,
    `unexpected ${report.unexpected.length}`,
    ...Object.entries(extra).map(([k, v]) => `${k} ${String(v)}`),
  ];
  return `[e2e logs] ${title}: ${parts.join(', ')}`;
}
