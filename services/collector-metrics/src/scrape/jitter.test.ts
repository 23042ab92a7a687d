import { nextScrapeTime, scrapePhaseMs } from './jitter';
import { hash64, targetIdentity } from './series-identity';

describe('scrapePhaseMs', () => {
  const interval = 15_000;
  const seed = hash64('node-a');

  it('is the same for the same target and seed', () => {
    const { hash } = targetIdentity({ job: 'node', instance: 'a:9100' }, 'http://a:9100/metrics');
    expect(scrapePhaseMs(hash, seed, interval)).toBe(scrapePhaseMs(hash, seed, interval));
  });

  it.each([1_000, 15_000, 60_000, 7])('stays within an interval of %i ms', (intervalMs) => {
    for (let i = 0; i < 50; i++) {
      const phase = scrapePhaseMs(hash64(`t${i}`), seed, intervalMs);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(intervalMs);
    }
  });

  it('spreads many targets over the interval', () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 200; i++) buckets.add(Math.floor(scrapePhaseMs(hash64(`t${i}`), seed, interval) / 1_500));
    expect(buckets.size).toBe(10);
  });

  it('differs between seeds (two collectors do not scrape a target at the same time)', () => {
    const hash = hash64('target');
    const phases = new Set(['a', 'b', 'c', 'd'].map((s) => scrapePhaseMs(hash, hash64(s), interval)));
    expect(phases.size).toBeGreaterThan(1);
  });
});

describe('nextScrapeTime', () => {
  it.each<[number, number, number, boolean, number]>([
    // phase, interval, now, strictlyAfter, expected
    [3_000, 10_000, 100_000, false, 103_000],
    [3_000, 10_000, 103_000, false, 103_000],
    [3_000, 10_000, 103_000, true, 113_000],
    [3_000, 10_000, 103_001, false, 113_000],
    [0, 10_000, 99_999, false, 100_000],
    [9_999, 10_000, 5, false, 9_999],
  ])('phase %i every %i from %i (strict %s) → %i', (phase, interval, now, strict, expected) => {
    expect(nextScrapeTime(phase, interval, now, strict)).toBe(expected);
  });
});
