import { topicLag } from './consumer-lag';

describe('topicLag', () => {
  it.each([
    ['caught up', [{ partition: 0, committed: 10, low: 0, high: 10 }], 0],
    ['behind', [{ partition: 0, committed: 4, low: 0, high: 10 }], 6],
    ['no commit yet: from the low watermark', [{ partition: 0, committed: -1, low: 3, high: 10 }], 7],
    ['commit below retention: from the low watermark', [{ partition: 0, committed: 1, low: 5, high: 10 }], 5],
    [
      'partitions add up',
      [
        { partition: 0, committed: 8, low: 0, high: 10 },
        { partition: 1, committed: -1, low: 0, high: 4 },
      ],
      6,
    ],
    ['empty topic', [{ partition: 0, committed: -1, low: 0, high: 0 }], 0],
  ])('%s', (_name, partitions, expected) => {
    expect(topicLag(partitions)).toBe(expected);
  });
});
