import { criLine, criTimestamp } from './cri-lines';

describe('benchmark lines', () => {
  it.each([0, 5, 7, 9, 107, 1_999_999])('line %i is a CRI line of about 200 bytes with its sequence number', (seq) => {
    const line = criLine(seq, Date.parse('2026-05-01T12:00:00Z'), 123_456);
    expect(line).toMatch(/^2026-05-01T12:00:00\.000123456Z (stdout|stderr) F .*\n$/);
    expect(line).toContain(`seq`);
    expect(line).toContain(String(seq));
    expect(Buffer.byteLength(line)).toBeGreaterThan(180);
    expect(Buffer.byteLength(line)).toBeLessThan(260);
  });

  it('writes timestamps with nanoseconds', () => {
    expect(criTimestamp(Date.parse('2026-05-01T12:00:00.123Z'), 456_789)).toBe('2026-05-01T12:00:00.123456789Z');
  });
});
