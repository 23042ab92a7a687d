import { scoreGrouping } from './grouping-metrics';

function lines(groups: string): Map<number, string> {
  return new Map(groups.split(' ').map((g, i) => [i + 1, g]));
}

describe('scoreGrouping', () => {
  // truth A A A B B C; parsed x x x y z z:
  // x = {1,2,3} is exactly A (3 correct lines); y = {4} is only part of B; z = {5,6} mixes B and C. GA = 3/6.
  // true pairs: A 3 + B 1 = 4; parsed pairs: x 3 + z 1 = 4; shared pairs: 3 (inside x). P = R = F1 = 3/4.
  it('scores a hand-computed grouping', () => {
    const score = scoreGrouping(lines('A A A B B C'), lines('x x x y z z'));
    expect(score).toEqual({ lines: 6, groupingAccuracy: 0.5, precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it.each([
    ['same partition under other names', 'A A B C C', 'q q r s s', 1, 1, 1],
    ['everything in one group', 'A A B B', 'x x x x', 0, 2 / 6, 1],
    ['every line alone', 'A A B C', 'w x y z', 0.5, 1, 0],
    ['one big group split in two', 'A A A A', 'x x y y', 0, 1, 2 / 6],
  ])('%s', (_name, truth, parsed, accuracy, precision, recall) => {
    const score = scoreGrouping(lines(truth), lines(parsed));
    expect(score.groupingAccuracy).toBeCloseTo(accuracy, 10);
    expect(score.precision).toBeCloseTo(precision, 10);
    expect(score.recall).toBeCloseTo(recall, 10);
  });

  it('counts only truth lines, and a truth line with no parsed group is a group of its own', () => {
    const truth = new Map([
      [1, 'A'],
      [2, 'A'],
      [3, 'B'],
    ]);
    const parsed = new Map([
      [1, 'x'],
      [3, 'y'],
      [99, 'x'],
    ]);
    const score = scoreGrouping(truth, parsed);
    expect(score.lines).toBe(3);
    expect(score.groupingAccuracy).toBeCloseTo(1 / 3, 10);
    expect(score.recall).toBe(0);
    expect(score.f1).toBe(0);
  });
});
