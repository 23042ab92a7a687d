import { detectExpositionFormat } from './content-type';

describe('detectExpositionFormat', () => {
  it.each<[string | undefined, string]>([
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics'],
    ['application/openmetrics-text;version=0.0.1', 'openmetrics'],
    ['Application/OpenMetrics-Text', 'openmetrics'],
    ['text/plain; version=0.0.4; charset=utf-8', 'text'],
    ['text/plain', 'text'],
    ['application/json', 'text'],
    ['', 'text'],
    [undefined, 'text'],
  ])('%j is %s', (contentType, expected) => {
    expect(detectExpositionFormat(contentType)).toBe(expected);
  });
});
