import { parseFloatToken, parseOpenMetricsTimestamp, parseTextTimestamp } from './numbers';

describe('parseFloatToken', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['42', 42],
    ['-1.5', -1.5],
    ['+2.25', 2.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1.5E-3', 0.0015],
    ['-2e+2', -200],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['+Inf', Infinity],
    ['Inf', Infinity],
    ['-Inf', -Infinity],
    ['inf', Infinity],
    ['+Infinity', Infinity],
    ['-infinity', -Infinity],
  ])('parses %s', (token, expected) => {
    expect(parseFloatToken(token)).toBe(expected);
  });

  it.each(['NaN', 'nan', 'NAN'])('parses %s as NaN', (token) => {
    expect(parseFloatToken(token)).toBeNaN();
  });

  it.each([
    '',
    '+',
    '-',
    '.',
    'e5',
    '1e',
    '1e+',
    '0x1F',
    '1_000',
    '1.2.3',
    '1,5',
    'abc',
    '+NaN',
    'Infinit',
    '12a',
    ' 1',
  ])('rejects %j', (token) => {
    expect(parseFloatToken(token)).toBeUndefined();
  });
});

describe('parseTextTimestamp', () => {
  it.each<[string, number]>([
    ['1700000000000', 1700000000000],
    ['-5', -5],
    ['+7', 7],
    ['0', 0],
  ])('parses %s', (token, expected) => {
    expect(parseTextTimestamp(token)).toBe(expected);
  });

  it.each(['', '-', '1.5', '1e3', 'NaN', '99999999999999999999'])('rejects %j', (token) => {
    expect(parseTextTimestamp(token)).toBeUndefined();
  });
});

describe('parseOpenMetricsTimestamp', () => {
  it.each<[string, number]>([
    ['1520879607.789', 1520879607789],
    ['1.001', 1001],
    ['1700000000', 1700000000000],
    ['1.5', 1500],
    ['1.0005', 1000],
    ['-1.5', -1500],
    ['-.5', -500],
    ['.25', 250],
    ['0.0001', 0],
    ['1.7e9', 1700000000000],
  ])('parses %s seconds', (token, expectedMs) => {
    expect(parseOpenMetricsTimestamp(token)).toBe(expectedMs);
  });

  it.each(['', 'NaN', '+Inf', 'Inf', '1,5', 'x', '1e400'])('rejects %j', (token) => {
    expect(parseOpenMetricsTimestamp(token)).toBeUndefined();
  });
});
