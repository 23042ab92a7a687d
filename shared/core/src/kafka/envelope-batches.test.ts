import type { LogRecord } from '../schemas/log-record';
import { decodeEnvelope } from '../wire/envelope';
import { encodeEnvelopes } from './envelope-batches';

function logs(n: number, messageSize = 10): LogRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    schema_version: 1,
    '@timestamp': '2026-01-01T00:00:00.000Z',
    message: `${i}:`.padEnd(messageSize, 'x'),
    event: { id: `id-${i}` },
  }));
}

function ids(buffers: Buffer[]): string[][] {
  return buffers.map((b) => decodeEnvelope(b).records.map((r) => (r as LogRecord).event.id));
}

describe('encodeEnvelopes', () => {
  it.each([
    // records, maxRecords, expected records per message
    [0, 500, []],
    [1, 500, [1]],
    [500, 500, [500]],
    [501, 500, [500, 1]],
    [1200, 500, [500, 500, 200]],
    [7, 3, [3, 3, 1]],
  ])('%i records, at most %i per message -> %j', (n, maxRecords, expected) => {
    const out = encodeEnvelopes('log', logs(n), { maxRecords, maxBytes: 10_000_000 });
    expect(out.map((b) => decodeEnvelope(b).records.length)).toEqual(expected);
  });

  it.each([
    [100, 1_000, 200],
    [100, 5_000, 1_000],
    [37, 2_500, 300],
  ])('%i records of %i bytes are cut below the byte limit (slack %i)', (n, size, maxBytesFactor) => {
    const maxBytes = size * 3 + maxBytesFactor;
    const records = logs(n, size);
    const out = encodeEnvelopes('log', records, { maxRecords: 500, maxBytes });
    for (const b of out) expect(b.length).toBeLessThanOrEqual(maxBytes);
    expect(ids(out).flat()).toEqual(records.map((r) => r.event.id));
    expect(out.length).toBeGreaterThan(1);
  });

  it('sends a record larger than maxBytes alone, keeping order', () => {
    const records = logs(3, 50);
    records[1]!.message = 'y'.repeat(5_000);
    const out = encodeEnvelopes('log', records, { maxRecords: 500, maxBytes: 1_000 });
    expect(ids(out)).toEqual([['id-0'], ['id-1'], ['id-2']]);
  });

  it.each([
    [0, 10],
    [10, 0],
  ])('rejects non-positive limits (%i records, %i bytes)', (maxRecords, maxBytes) => {
    expect(() => encodeEnvelopes('log', logs(1), { maxRecords, maxBytes })).toThrow(RangeError);
  });
});
