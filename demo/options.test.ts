import { parseDuration, parseOptions, UsageError } from './options';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['10', undefined],
    ['s', undefined],
    ['-1s', undefined],
  ])('%s → %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseOptions', () => {
  it('defaults: incident after a minute, fixed ports, no run id', () => {
    expect(parseOptions([])).toEqual({
      incidentAfterMs: 60_000,
      incidentForMs: 90_000,
      exitAfterAlert: false,
      timeoutMs: 300_000,
      ports: 'fixed',
    });
  });

  it("takes the test's short schedule", () => {
    expect(
      parseOptions(['--incident-after', '10s', '--exit-after-alert', '--run-id', 'e2e_1', '--ports', 'auto']),
    ).toMatchObject({ incidentAfterMs: 10_000, exitAfterAlert: true, runId: 'e2e_1', ports: 'auto' });
  });

  it.each([
    [['--incident-after', 'soon'], /--incident-after soon/],
    [['--incident-after'], /needs a value/],
    [['--run-id', 'Bad-Id'], /--run-id Bad-Id/],
    [['--ports', 'some'], /--ports some/],
    [['--frobnicate', '1'], /unknown argument --frobnicate/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
