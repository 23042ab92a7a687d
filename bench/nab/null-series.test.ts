import { seededRandom } from '@daytwo/processor';
import { nullSeries, sampleTimes } from './null-series';

function mean(xs: Float64Array): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('nullSeries', () => {
  it('is reproducible from the seed', () => {
    expect(nullSeries('white-noise', 50, seededRandom(7))).toEqual(nullSeries('white-noise', 50, seededRandom(7)));
  });

  it('draws standard normal noise, and the random walk is its running sum', () => {
    const noise = nullSeries('white-noise', 20_000, seededRandom(1));
    expect(Math.abs(mean(noise))).toBeLessThan(0.05);
    expect(mean(noise.map((x) => x * x))).toBeCloseTo(1, 1);
    const walk = nullSeries('random-walk', 100, seededRandom(3));
    const steps = nullSeries('white-noise', 100, seededRandom(3));
    expect(walk[99]).toBeCloseTo(
      steps.reduce((a, b) => a + b, 0),
      9,
    );
  });

  it('gives non-negative integer counts with a daily season, and positive heavy-tailed values', () => {
    const counts = nullSeries('daily-counts', 288 * 20, seededRandom(2));
    expect(counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    const peak = counts.filter((_, i) => i % 288 === 72);
    const trough = counts.filter((_, i) => i % 288 === 216);
    expect(mean(peak)).toBeGreaterThan(40);
    expect(mean(trough)).toBeLessThan(20);
    const lognormal = nullSeries('lognormal', 20_000, seededRandom(4));
    expect(lognormal.every((x) => x > 0)).toBe(true);
    expect(Math.max(...lognormal)).toBeGreaterThan(20 * Math.exp(mean(lognormal.map(Math.log))));
  });

  it('samples every index, except around the outages of a walk with outages', () => {
    expect(sampleTimes('random-walk', 500, seededRandom(5))).toEqual([...Array(500).keys()]);
    const kept = sampleTimes('walk-with-outages', 100_000, seededRandom(6));
    const gaps = kept.slice(1).map((t, i) => t - kept[i]!);
    const outages = gaps.filter((g) => g > 1);
    expect(outages.length).toBeGreaterThan(100);
    expect(Math.min(...outages)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...outages)).toBeLessThanOrEqual(61);
  });
});
