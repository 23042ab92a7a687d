import { CounterRateTracker, counterIncrease, counterRate } from './counter-rate';

describe('counterIncrease', () => {
  it.each([
    [10, 15, 5],
    [10, 10, 0],
    [100, 7, 7],
    [100, 0, 0],
  ])('from %d to %d is %d', (prev, cur, inc) => {
    expect(counterIncrease(prev, cur)).toBe(inc);
  });
});

describe('counterRate', () => {
  it.each([
    [{ timestamp: 0, value: 10 }, { timestamp: 10_000, value: 30 }, 2],
    [{ timestamp: 0, value: 500 }, { timestamp: 5_000, value: 20 }, 4],
    [{ timestamp: 10_000, value: 1 }, { timestamp: 10_000, value: 2 }, undefined],
    [{ timestamp: 10_000, value: 1 }, { timestamp: 5_000, value: 2 }, undefined],
    [{ timestamp: 0, value: 1 }, { timestamp: 5_000, value: Number.NaN }, undefined],
  ])('between %j and %j is %s per second', (prev, cur, rate) => {
    expect(counterRate(prev, cur)).toBe(rate);
  });
});

describe('CounterRateTracker', () => {
  it('turns a counter with a reset into rates', () => {
    const tracker = new CounterRateTracker();
    const rates = [
      [0, 100],
      [10_000, 150],
      [20_000, 10],
      [30_000, 40],
    ].map(([t, v]) => tracker.update(t!, v!));
    expect(rates).toEqual([undefined, 5, 1, 3]);
  });

  it('skips an out-of-order sample and keeps its state serialisable', () => {
    const tracker = new CounterRateTracker();
    tracker.update(10_000, 5);
    expect(tracker.update(9_000, 7)).toBeUndefined();
    const restored = new CounterRateTracker(
      JSON.parse(JSON.stringify(tracker)) as { timestamp: number; value: number },
    );
    expect(restored.update(20_000, 25)).toBe(2);
  });
});
