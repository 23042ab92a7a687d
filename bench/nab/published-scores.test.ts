import { parsePublishedScores, PublishedScoresError } from './published-scores';

const HEADER = 'Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count';

describe('parsePublishedScores', () => {
  it('reads the per-file raw scores and the Totals row', () => {
    const text = [
      HEADER,
      'ARTime,standard,realTraffic/speed_7578.csv,0.31,3.25,7,838,4,109,958',
      'ARTime,standard,artificialNoAnomaly/art_noisy.csv,0.31,-0.11,0,3427,1,0,3428',
      'Totals,,,,3.14,7,4265,5,109,4386',
      '',
    ].join('\r\n');
    const scores = parsePublishedScores(text, 'x.csv');
    expect(scores.detector).toBe('ARTime');
    expect(scores.profile).toBe('standard');
    expect([...scores.files]).toEqual([
      ['realTraffic/speed_7578.csv', 3.25],
      ['artificialNoAnomaly/art_noisy.csv', -0.11],
    ]);
    expect(scores.total).toBe(3.14);
  });

  it.each([
    ['a header without a Score column', 'Detector,Profile,File\nd,standard,a/b.csv', /no Score column/],
    ['a score that is not a number', `${HEADER}\nd,standard,a/b.csv,0.5,abc,0,0,0,0,0`, /line 2: Score/],
    ['no file rows', `${HEADER}\nTotals,,,,1.0,0,0,0,0,0`, /no file rows/],
  ])('rejects %s, naming the file', (_name, text, message) => {
    expect(() => parsePublishedScores(text, 'x.csv')).toThrow(PublishedScoresError);
    expect(() => parsePublishedScores(text, 'x.csv')).toThrow(message);
  });
});
