/**
 * Where in each interval a target is scraped, as in Prometheus: a fixed phase from the target's hash xor a seed
 * (the collector's node name or `scrape.jitterSeed`). Targets spread over the interval instead of all scraping at
 * once, a target keeps its phase across restarts, and two collectors with different seeds scrape at different times.
 */
export function scrapePhaseMs(targetHash: bigint, seed: bigint, intervalMs: number): number {
  return Number((targetHash ^ seed) % BigInt(intervalMs));
}

/** The first time at or after `nowMs` (strictly after when `strictlyAfter`) that lies on the target's phase. */
export function nextScrapeTime(phaseMs: number, intervalMs: number, nowMs: number, strictlyAfter = false): number {
  const sincePhase = (((nowMs - phaseMs) % intervalMs) + intervalMs) % intervalMs;
  if (sincePhase === 0) return strictlyAfter ? nowMs + intervalMs : nowMs;
  return nowMs + intervalMs - sincePhase;
}
