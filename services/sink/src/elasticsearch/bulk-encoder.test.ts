import { BulkEncodeError, bulkBody, chunkItems, encodeCreate, type BulkItem } from './bulk-encoder';

const item = (id: string, bytes: number): BulkItem<string> => ({ index: 'i', id, payload: '', bytes, ref: id });

describe('encodeCreate', () => {
  it('writes a create action with the record id and the document, one line each', () => {
    const encoded = encodeCreate('logs-a', 'id-1', { message: 'héllo\nworld', n: 1 }, 'ref');
    expect(encoded.payload).toBe('{"create":{"_index":"logs-a","_id":"id-1"}}\n{"message":"héllo\\nworld","n":1}\n');
    expect(encoded.bytes).toBe(Buffer.byteLength(encoded.payload));
    expect(encoded.bytes).toBe(encoded.payload.length + 1); // é is two bytes in UTF-8
    expect(encoded).toMatchObject({ index: 'logs-a', id: 'id-1', ref: 'ref' });
  });

  it('escapes ids and index names as JSON', () => {
    const encoded = encodeCreate('x', 'a"b\\c', {}, null);
    expect(JSON.parse(encoded.payload.split('\n')[0]!)).toEqual({ create: { _index: 'x', _id: 'a"b\\c' } });
  });

  it.each([
    [
      'a cycle',
      (() => {
        const doc: Record<string, unknown> = {};
        doc['self'] = doc;
        return doc;
      })(),
    ],
    ['a BigInt', { n: 1n }],
  ])('refuses a document with %s', (_what, doc) => {
    expect(() => encodeCreate('x', 'id', doc, null)).toThrow(BulkEncodeError);
  });

  it('concatenates payloads into an NDJSON body', () => {
    const a = encodeCreate('x', '1', { a: 1 }, null);
    const b = encodeCreate('x', '2', { b: 2 }, null);
    expect(bulkBody([a, b])).toBe(a.payload + b.payload);
    expect(bulkBody([a, b]).endsWith('\n')).toBe(true);
  });
});

describe('chunkItems', () => {
  const ids = (chunks: BulkItem<string>[][]) => chunks.map((c) => c.map((i) => i.id).join(''));

  it.each([
    ['by count', [1, 1, 1, 1, 1], { maxDocs: 2, maxBytes: 100 }, ['ab', 'cd', 'e']],
    ['by bytes', [40, 40, 40, 10], { maxDocs: 10, maxBytes: 100 }, ['ab', 'cd']],
    ['exact fit', [50, 50, 50], { maxDocs: 10, maxBytes: 100 }, ['ab', 'c']],
    ['oversized item alone', [10, 500, 10], { maxDocs: 10, maxBytes: 100 }, ['a', 'b', 'c']],
    ['nothing', [], { maxDocs: 10, maxBytes: 100 }, []],
  ])('cuts %s, keeping order', (_what, sizes, limits, expected) => {
    const items = sizes.map((bytes, i) => item(String.fromCharCode(97 + i), bytes));
    expect(ids(chunkItems(items, limits))).toEqual(expected);
  });
});
