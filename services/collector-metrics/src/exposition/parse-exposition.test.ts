import { ExpositionError } from './exposition-error';
import { parseExposition } from './parse-exposition';

// The same body means different things per format: `# EOF` is a comment in text, and `c_total` is only a sample of
// counter family `c` in OpenMetrics.
const body = '# TYPE c counter\nc_total 1 1.5\n# EOF\n';

describe('parseExposition picks the format from the Content-Type', () => {
  it.each<[string | undefined, string, string, string]>([
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics', 'counter', 'c'],
    ['text/plain; version=0.0.4', 'text', 'untyped', 'c_total'],
    [undefined, 'text', 'untyped', 'c_total'],
  ])('%j → %s', (contentType, format, type, family) => {
    const parsed = parseExposition(body.replace(' 1.5', ''), contentType, { defaultTimestampMs: 5 });
    expect(parsed.format).toBe(format);
    expect(parsed.samples).toEqual([
      { name: 'c_total', family, labels: {}, value: 1, timestampMs: 5, hasExplicitTimestamp: false, type },
    ]);
  });

  it('fails with the line and reason of the format it chose', () => {
    expect(() => parseExposition(body, 'text/plain')).toThrow(ExpositionError);
    expect(() => parseExposition(body, 'text/plain')).toThrow('text format line 2: invalid timestamp "1.5"');
    expect(parseExposition(body, 'application/openmetrics-text').samples[0]?.timestampMs).toBe(1500);
  });
});
