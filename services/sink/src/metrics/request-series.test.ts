import type { ConsumedRecord } from '@daytwo/core';
import { intentOf, planRequest, storedWatermarks } from './request-series';
import { seriesIdentity } from './series';
import type { TrackedSeries } from './series-watermarks';
import { WriteTicket, type QueuedSample } from './write-ticket';

const a = seriesIdentity([{ name: '__name__', value: 'a' }]);
const b = seriesIdentity([{ name: '__name__', value: 'b' }]);
const tracked = new Map<string, TrackedSeries>(
  [a, b].map((identity) => [identity.hash, { hash: identity.hash, scope: 't:0', identity }]),
);

const sample = (series: typeof a, timestamp: number, offset: number, stale = false): QueuedSample => ({
  series,
  scope: 't:0',
  timestamp,
  offset,
  bits: { low: 0, high: 0 },
  stale,
  enqueuedAt: 0,
  ticket: new WriteTicket(),
  record: {} as ConsumedRecord,
});

describe('planRequest', () => {
  it('skips redeliveries, sets aside samples that came out of order, groups the rest by series in time order', () => {
    const samples = [
      sample(a, 100, 1), // redelivered: at the watermark, from a covered offset
      sample(a, 90, 2), // redelivered
      sample(a, 300, 12),
      sample(a, 200, 13),
      sample(a, 50, 14), // older than the watermark, from a later offset: out of order
      sample(b, 10, 3),
    ];
    const plan = planRequest(samples, tracked, new Map([[a.hash, { t: 100, offset: 10 }]]));
    expect(plan.redelivered.map((s) => s.timestamp)).toEqual([100, 90]);
    expect(plan.outOfOrder.map((o) => [o.sample.timestamp, o.watermark])).toEqual([[50, { t: 100, offset: 10 }]]);
    expect(plan.series.map((s) => [s.tracked.identity.labels[0]!.value, s.samples.map((x) => x.timestamp)])).toEqual([
      ['a', [200, 300]],
      ['b', [10]],
    ]);
  });
});

describe('intentOf', () => {
  it.each([
    [[sample(a, 1, 5), sample(a, 2, 9), sample(a, 3, 7, true)], { lo: 1, hi: 3, hiValue: 2, offset: 9 }],
    [[sample(a, 4, 1, true)], { lo: 4, hi: 4, hiValue: undefined, offset: 1 }],
  ])('%#: %j', (samples, expected) => {
    expect(intentOf(samples)).toEqual(expected);
  });
});

describe('storedWatermarks', () => {
  it('takes the newest time and highest offset per series', () => {
    expect(storedWatermarks([sample(a, 5, 9), sample(a, 7, 8), sample(b, 1, 1)])).toEqual([
      { hash: a.hash, watermark: { t: 7, offset: 9 } },
      { hash: b.hash, watermark: { t: 1, offset: 1 } },
    ]);
  });
});
