import type { Client, estypes } from '@elastic/elasticsearch';
import { deleteDataStreamDocs, esClient, waitForElasticsearch } from '../support/elasticsearch';
import { uniqueName } from '../support/unique';

interface LogDoc {
  '@timestamp': string;
  message: string;
  event: { id: string };
  labels: Record<string, string>;
}

const logDoc = (id: string, app: string, ts = '2026-01-01T00:00:00.000Z'): LogDoc => ({
  '@timestamp': ts,
  message: `line ${id}`,
  event: { id },
  labels: { app, 'app.kubernetes.io/part-of': 'daytwo' },
});

const createOps = (index: string, docs: readonly LogDoc[]) =>
  docs.flatMap((doc) => [{ create: { _index: index, _id: doc.event.id } }, doc]);

const itemStatuses = (response: estypes.BulkResponse) =>
  response.items.map((item) => [item.create?.status, item.create?.error?.type ?? null]);

const mappings = {
  properties: {
    '@timestamp': { type: 'date' as const },
    message: { type: 'text' as const },
    event: { properties: { id: { type: 'keyword' as const } } },
    labels: { type: 'flattened' as const },
  },
};

describe('Elasticsearch (real server)', () => {
  let es: Client;

  beforeAll(async () => {
    es = esClient();
    await waitForElasticsearch(es);
  });

  afterAll(() => es.close());

  it('creates through a template, rejects duplicate ids with 409 and keeps the count', async () => {
    const base = uniqueName('daytwo-it');
    const index = `${base}-logs`;
    try {
      await es.indices.putIndexTemplate({
        name: base,
        index_patterns: [`${base}-*`],
        priority: 200,
        template: { settings: { number_of_replicas: 0 }, mappings },
      });
      const docs = [logDoc(`${base}-a`, 'api'), logDoc(`${base}-b`, 'api'), logDoc(`${base}-c`, 'web')];

      const first = await es.bulk({ operations: createOps(index, docs), refresh: true });
      expect(first.errors).toBe(false);
      expect(itemStatuses(first)).toEqual([
        [201, null],
        [201, null],
        [201, null],
      ]);

      const settings = await es.indices.getSettings({ index });
      expect(settings[index]?.settings?.index?.number_of_replicas).toBe('0');
      const mapping = await es.indices.getMapping({ index });
      expect(mapping[index]?.mappings.properties?.labels?.type).toBe('flattened');

      const found = await es.search<LogDoc>({ index, sort: [{ 'event.id': 'asc' }], size: 10 });
      expect(found.hits.total).toEqual({ value: 3, relation: 'eq' });
      expect(found.hits.hits.map((h) => [h._id, h._source])).toEqual(docs.map((d) => [d.event.id, d]));
      // Flattened labels are searchable by key, dotted keys included.
      expect((await es.count({ index, query: { term: { 'labels.app': 'api' } } })).count).toBe(2);
      expect((await es.count({ index, query: { term: { 'labels.app.kubernetes.io/part-of': 'daytwo' } } })).count).toBe(
        3,
      );

      // Redelivery of the same batch: every create is a 409 and nothing is duplicated.
      const again = await es.bulk({ operations: createOps(index, docs), refresh: true });
      expect(again.errors).toBe(true);
      expect(itemStatuses(again)).toEqual(docs.map(() => [409, 'version_conflict_engine_exception']));
      expect((await es.count({ index })).count).toBe(3);
    } finally {
      await es.indices.delete({ index, ignore_unavailable: true });
      await es.indices.deleteIndexTemplate({ name: base }, { ignore: [404] });
    }
  });

  // The local build cannot delete data streams (no `DELETE /_data_stream/<name>`: 405; the write index cannot be
  // deleted either) nor a template a data stream uses. So this test uses ONE fixed stream and template that every
  // run reuses, and removes only its own documents, instead of leaking a new stream (and shard) per run.
  it('writes into a data stream created by a template with data_stream: {}', async () => {
    const dataStream = 'daytwo-it-datastream';
    const run = uniqueName('run');
    const docs = [
      logDoc(`${run}-1`, 'api', new Date().toISOString()),
      logDoc(`${run}-2`, 'web', new Date().toISOString()),
    ];
    const ids = docs.map((d) => d.event.id);
    try {
      await es.indices.putIndexTemplate({
        name: dataStream,
        index_patterns: [dataStream],
        priority: 200,
        data_stream: {},
        template: { settings: { number_of_replicas: 0 }, mappings },
      });

      const first = await es.bulk({ operations: createOps(dataStream, docs), refresh: true });
      expect(itemStatuses(first)).toEqual([
        [201, null],
        [201, null],
      ]);
      expect(first.items.every((item) => item.create?._index.startsWith(`.ds-${dataStream}-`))).toBe(true);

      const resolved = await es.indices.resolveIndex({ name: dataStream });
      expect(resolved.data_streams.map((d) => d.name)).toEqual([dataStream]);

      const query = { ids: { values: ids } };
      const found = await es.search<LogDoc>({ index: dataStream, query, sort: [{ 'event.id': 'asc' }] });
      expect(found.hits.hits.map((h) => h._source)).toEqual(docs);

      // Within one backing index a repeated _id is still a 409. (After a rollover a duplicate could land in the new
      // write index; this stack has no ILM, so nothing rolls over by itself.)
      const again = await es.bulk({ operations: createOps(dataStream, docs), refresh: true });
      expect(itemStatuses(again)).toEqual(docs.map(() => [409, 'version_conflict_engine_exception']));
      expect((await es.count({ index: dataStream, query })).count).toBe(2);

      // A data stream accepts only `create`, and every document needs @timestamp.
      const { '@timestamp': _ts, ...noTimestamp } = logDoc(`${run}-3`, 'api');
      const bad = await es.bulk({
        operations: [
          { index: { _index: dataStream, _id: `${run}-4` } },
          docs[0],
          { create: { _index: dataStream } },
          noTimestamp,
        ],
        refresh: true,
      });
      expect(
        bad.items.map((item) => [item.index?.status ?? item.create?.status, (item.index ?? item.create)?.error?.type]),
      ).toEqual([
        [400, 'illegal_argument_exception'], // only write ops with an op_type of create are allowed in data streams
        [400, 'document_parsing_exception'], // data stream timestamp field [@timestamp] is missing
      ]);
    } finally {
      await deleteDataStreamDocs(es, dataStream, [...ids, `${run}-3`, `${run}-4`]);
    }
    expect((await es.count({ index: dataStream, query: { ids: { values: ids } } })).count).toBe(0);
  });
});
