import { Client } from '@elastic/elasticsearch';
import { testEnv } from './env';

/** A client for the test Elasticsearch; the caller closes it with `close()`. */
export function esClient(node: string = testEnv.elasticsearchUrl): Client {
  return new Client({ node, requestTimeout: 30_000 });
}

/** Waits until the cluster is at least yellow. (`GET /` answers 405 in the local build, so no ping.) */
export async function waitForElasticsearch(client: Client, timeoutSeconds = 60): Promise<void> {
  await client.cluster.health({ wait_for_status: 'yellow', timeout: `${timeoutSeconds}s` });
}

/**
 * Deletes the documents with these ids from a data stream. The local build has neither the data-stream
 * management APIs (`DELETE /_data_stream/<name>` answers 405) nor `_delete_by_query`, and refuses to delete
 * a data stream's write index, so the documents are deleted one by one from the backing index that holds them.
 */
export async function deleteDataStreamDocs(client: Client, dataStream: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await client.search({ index: dataStream, query: { ids: { values: [...ids] } }, size: ids.length });
  const operations = found.hits.hits.map((hit) => ({ delete: { _index: hit._index, _id: hit._id! } }));
  if (operations.length > 0) await client.bulk({ operations, refresh: true });
}
