import { NabCorpusError, parseNabCsv, parseNabTimestamp, windowsToRows } from './corpus';

describe('parseNabTimestamp', () => {
  it.each([
    ['2014-04-10 07:15:00', Date.UTC(2014, 3, 10, 7, 15, 0)],
    ['2014-04-10 07:15:00.000000', Date.UTC(2014, 3, 10, 7, 15, 0)],
    ['2011-07-11 04:00:01.500000', Date.UTC(2011, 6, 11, 4, 0, 1, 500)],
  ])('reads %s as UTC', (text, ms) => {
    expect(parseNabTimestamp(text)).toBe(ms);
  });

  it('rejects a malformed timestamp', () => {
    expect(() => parseNabTimestamp('10/04/2014')).toThrow(NabCorpusError);
  });
});

describe('parseNabCsv', () => {
  it('reads rows and keeps timestamps as written', () => {
    expect(parseNabCsv('timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,2\n', 'f.csv')).toEqual({
      rawTimestamps: ['2014-01-01 00:00:00', '2014-01-01 00:05:00'],
      values: [1.5, 2],
    });
  });

  it.each([
    ['a wrong header', 'time,v\n'],
    ['a non-numeric value', 'timestamp,value\n2014-01-01 00:00:00,abc\n'],
  ])('rejects %s with the file name', (_name, text) => {
    expect(() => parseNabCsv(text, 'bad.csv')).toThrow(/bad\.csv/);
  });
});

describe('windowsToRows', () => {
  const ts = ['2014-01-01 00:00:00', '2014-01-01 00:05:00', '2014-01-01 00:10:00'].map(parseNabTimestamp);

  it('maps window timestamps to row indices', () => {
    expect(windowsToRows('k', ts, [['2014-01-01 00:05:00.000000', '2014-01-01 00:10:00.000000']])).toEqual([
      { start: 1, end: 2 },
    ]);
  });

  it('rejects a window whose ends are not rows of the file', () => {
    expect(() => windowsToRows('k', ts, [['2014-01-01 00:06:00', '2014-01-01 00:10:00']])).toThrow(NabCorpusError);
  });
});
