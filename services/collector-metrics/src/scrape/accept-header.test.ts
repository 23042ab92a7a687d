import { acceptHeader, type ScrapeProtocol } from './accept-header';

describe('acceptHeader', () => {
  it.each<[ScrapeProtocol[] | undefined, string]>([
    [undefined, 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1'],
    [['text'], 'text/plain;version=0.0.4;q=0.5,*/*;q=0.1'],
    [
      ['text', 'openmetrics'],
      'text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=1.0.0;q=0.3,*/*;q=0.1',
    ],
    [['openmetrics', 'openmetrics'], 'application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1'],
  ])('%j → %s', (protocols, header) => expect(acceptHeader(protocols)).toBe(header));
});
