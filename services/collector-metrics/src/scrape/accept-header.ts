export const SCRAPE_PROTOCOLS = ['openmetrics', 'text'] as const;
export type ScrapeProtocol = (typeof SCRAPE_PROTOCOLS)[number];

const MEDIA_TYPES: Record<ScrapeProtocol, string> = {
  openmetrics: 'application/openmetrics-text;version=1.0.0',
  text: 'text/plain;version=0.0.4',
};
/** Quality values in order of preference, as Prometheus sends them; anything else is accepted last. */
const QUALITIES = ['0.5', '0.3'];
const FALLBACK = '*/*;q=0.1';

/**
 * The `Accept` header of a scrape: the protocols in order of preference, then anything. With the default order it is
 * Prometheus' `application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*\/*;q=0.1`.
 */
export function acceptHeader(protocols: readonly ScrapeProtocol[] = SCRAPE_PROTOCOLS): string {
  const unique = [...new Set(protocols)];
  return [...unique.map((p, i) => `${MEDIA_TYPES[p]};q=${QUALITIES[i] ?? '0.2'}`), FALLBACK].join(',');
}
