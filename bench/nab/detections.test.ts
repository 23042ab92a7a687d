import { formatDetections } from './detections';

describe('formatDetections', () => {
  it('marks rows in windows, in probation, and false positives, with the score in nats', () => {
    const scores = Array.from({ length: 100 }, () => 0);
    scores[5] = 0.9999; // probation (15 rows for 100)
    scores[42] = 1 - Math.exp(-9);
    scores[70] = 1 - Math.exp(-12);
    const files = [{ key: 'a/x.csv', category: 'a', windows: [{ start: 40, end: 49 }], anomalyScores: scores }];
    const reasons = [scores.map((_, i) => (i === 42 ? 'spike' : 'jump'))];
    const text = formatDetections(files, reasons, 1 - Math.exp(-8));
    expect(text.split('\n').slice(1)).toEqual([
      'a/x.csv rows=100 windows=40-49',
      '  5P(9.2 jump) 42W0(9.0 spike) 70(12.0 jump)',
      '',
    ]);
  });

  it('says so when a file has no windows and no detections', () => {
    const files = [{ key: 'a/y.csv', category: 'a', windows: [], anomalyScores: [0, 0] }];
    expect(formatDetections(files, [['', '']], 0.5)).toContain('a/y.csv rows=2 windows=none\n  no detections\n');
  });
});
