import {
  decodeIntent,
  decodeWatermark,
  encodeIntent,
  encodeWatermark,
  watermarkAfterIntent,
  type Watermark,
  type WriteIntent,
} from './watermark-decision';

// The sample at 5000 is a staleness marker; the request's samples came from offsets up to 42.
const intent: WriteIntent = { lo: 1000, hi: 5000, hiValue: 4000, offset: 42 };
const before: Watermark = { t: 500, offset: 30 };

describe('watermarkAfterIntent', () => {
  it.each<[string, Watermark | undefined, WriteIntent, number | undefined | 'unverified', object]>([
    [
      'stored: newest sample found',
      before,
      intent,
      4000,
      { watermark: { t: 5000, offset: 42 }, resolution: 'written' },
    ],
    [
      'stored, no watermark before',
      undefined,
      intent,
      4000,
      { watermark: { t: 5000, offset: 42 }, resolution: 'written' },
    ],
    ['not stored', before, intent, undefined, { watermark: before, resolution: 'not_written' }],
    ['not stored, new series', undefined, intent, undefined, { watermark: undefined, resolution: 'not_written' }],
    [
      'first half of a split stored',
      before,
      intent,
      2000,
      { watermark: { t: 2000, offset: 42 }, resolution: 'partly_written' },
    ],
    [
      'markers only: resend the newest one',
      before,
      { lo: 3000, hi: 5000, hiValue: undefined, offset: 42 },
      undefined,
      { watermark: { t: 4999, offset: 42 }, resolution: 'markers_only' },
    ],
    ['nobody could ask', before, intent, 'unverified', { watermark: before, resolution: 'unverified' }],
    [
      'never lowers the watermark',
      { t: 4500, offset: 50 },
      intent,
      2000,
      { watermark: { t: 4500, offset: 50 }, resolution: 'partly_written' },
    ],
  ])('%s', (_what, watermark, input, newest, expected) => {
    expect(watermarkAfterIntent(watermark, input, newest)).toEqual(expected);
  });
});

describe('Redis forms', () => {
  it.each<[WriteIntent, string]>([
    [{ lo: 1, hi: 2, hiValue: 2, offset: 0 }, '1:2:2:0'],
    [{ lo: 1700000000000, hi: 1700000001000, hiValue: undefined, offset: 7 }, '1700000000000:1700000001000::7'],
    [{ lo: -5, hi: 0, hiValue: -5, offset: 3 }, '-5:0:-5:3'],
  ])('round-trips the intent %j as %p', (input, text) => {
    expect(encodeIntent(input)).toBe(text);
    expect(decodeIntent(text)).toEqual(input);
  });

  it.each([null, undefined, '', 'x', '1:2:2', '3:2:2:0', '1:2:x:0', '1.5:2:2:0', '99999999999999999999:1::0'])(
    'reads %p as no intent',
    (text) => expect(decodeIntent(text)).toBeUndefined(),
  );

  it.each([
    ['1700000000000:12', { t: 1_700_000_000_000, offset: 12 }],
    ['5:0', { t: 5, offset: 0 }],
    ['5', undefined],
    ['a:1', undefined],
    [null, undefined],
  ])('reads the watermark %p as %j', (text, expected) => {
    expect(decodeWatermark(text)).toEqual(expected);
    if (expected) expect(encodeWatermark(expected)).toBe(text);
  });
});
