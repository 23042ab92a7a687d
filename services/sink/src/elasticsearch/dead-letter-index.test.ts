import { deadLetterDocument, deadLetterId, type LogDeadLetter } from './dead-letter-index';

const input = (over: Partial<LogDeadLetter> = {}): LogDeadLetter => ({
  reason: 'mapping_conflict',
  errorType: 'document_parsing_exception',
  error: 'failed to parse field [kubernetes.container.restart_count]',
  status: 400,
  source: { topic: 't', partition: 2, offset: '41' },
  ordinal: 3,
  recordId: 'rec-1',
  targetIndex: 'daytwo-logs-default-2026.01.01',
  raw: { message: 'm', labels: { app: { nested: true } } },
  ...over,
});

describe('deadLetterId', () => {
  it.each([
    ['the record id', input(), 'rec-1'],
    ['the source position without a record id', input({ recordId: undefined }), 't:2:41:3'],
  ])('is %s', (_what, entry, id) => {
    expect(deadLetterId(entry)).toBe(id);
  });

  it('hashes ids longer than Elasticsearch accepts (512 bytes)', () => {
    const id = deadLetterId(input({ recordId: 'é'.repeat(300) }));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(deadLetterId(input({ recordId: 'é'.repeat(300) }))).toBe(id);
  });
});

describe('deadLetterDocument', () => {
  it('keeps the reason, error type, source and the raw record as one JSON string', () => {
    const now = new Date('2026-02-03T04:05:06.000Z');
    expect(deadLetterDocument(input(), now)).toEqual({
      '@timestamp': '2026-02-03T04:05:06.000Z',
      reason: 'mapping_conflict',
      error: 'failed to parse field [kubernetes.container.restart_count]',
      error_type: 'document_parsing_exception',
      status: 400,
      stage: 'sink.elasticsearch',
      source: { topic: 't', partition: 2, offset: '41' },
      record_id: 'rec-1',
      target_index: 'daytwo-logs-default-2026.01.01',
      raw: '{"message":"m","labels":{"app":{"nested":true}}}',
      raw_encoding: 'json',
      raw_bytes: 48,
      raw_truncated: false,
    });
  });

  it('truncates a large raw record', () => {
    const doc = deadLetterDocument(input({ raw: 'x'.repeat(100) }), new Date(), 10) as Record<string, unknown>;
    expect(doc).toMatchObject({ raw: 'x'.repeat(10), raw_bytes: 100, raw_truncated: true });
  });
});
