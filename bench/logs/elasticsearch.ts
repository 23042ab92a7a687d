export const ES_URL = process.env['DAYTWO_ES_URL'] ?? 'http://127.0.0.1:9200';

export class ElasticsearchBenchError extends Error {
  override name = 'ElasticsearchBenchError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${ES_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok && response.status !== 404) {
    throw new ElasticsearchBenchError(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`, response.status);
  }
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

export interface SearchHit {
  _id: string;
  sort?: unknown[];
  fields?: Record<string, unknown[]>;
}

/** One page of hits in `index` with `log.offset >= from`, by offset (search_after continues a page). */
export async function hitsFromOffset(
  index: string,
  from: number,
  after?: unknown[],
  size = 5000,
): Promise<SearchHit[]> {
  const body = {
    size,
    _source: false,
    fields: ['log.offset'],
    query: { range: { 'log.offset': { gte: from } } },
    sort: [{ 'log.offset': 'asc' }],
    ...(after === undefined ? {} : { search_after: after }),
  };
  const result = (await call('POST', `/${index}/_search?ignore_unavailable=true&allow_no_indices=true`, body)) as {
    hits?: { hits?: SearchHit[] };
  };
  return result.hits?.hits ?? [];
}

/** Deletes the indices and index templates whose names start with `prefix`. */
export async function deleteWithPrefix(prefix: string): Promise<void> {
  await call('DELETE', `/${prefix}*?expand_wildcards=all&ignore_unavailable=true&allow_no_indices=true`);
  const templates = (await call('GET', '/_index_template')) as { index_templates?: { name: string }[] };
  for (const { name } of templates.index_templates ?? []) {
    if (name.startsWith(prefix)) await call('DELETE', `/_index_template/${name}`);
  }
}
