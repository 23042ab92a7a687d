import { z } from 'zod';
import { SCRAPE_PROTOCOLS } from './accept-header';
import { ByteSize, Duration } from './units';

/** `scrape`: how every target is scraped. */
export const ScrapeSettings = z
  .object({
    interval: Duration.prefault('15s'),
    /** At most `interval`. */
    timeout: Duration.prefault('10s'),
    /** Larger (decompressed) bodies fail the scrape: the read is aborted. */
    bodySizeLimit: ByteSize.default(16 * 1024 * 1024),
    /** Scrapes running at the same time; the others wait for a slot. */
    concurrency: z.number().int().positive().default(32),
    /** Seeds the scrape offsets within the interval; default the node name, so collectors differ. */
    jitterSeed: z.string().min(1).optional(),
    /** Exposition formats asked for, preferred first. */
    protocols: z
      .array(z.enum(SCRAPE_PROTOCOLS))
      .min(1)
      .default([...SCRAPE_PROTOCOLS]),
    /** Repeated failures of a target are logged at warn at most this often. */
    failureLogInterval: Duration.prefault('1m'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.timeout > s.interval) {
      ctx.addIssue({ code: 'custom', path: ['timeout'], message: 'must not be longer than scrape.interval' });
    }
  });
export type ScrapeSettings = z.output<typeof ScrapeSettings>;
