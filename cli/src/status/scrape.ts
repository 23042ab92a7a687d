import type { CliConfig, Stage } from '../config';
import { causeText } from '../errors';
import { parsePrometheusText, type Sample } from './prometheus-text';

export type ServiceScrape =
  | { service: Stage; url: string; ok: true; samples: Sample[] }
  | { service: Stage; url: string; ok: false; error: string };

/** GET <url>/metrics of every service at once; a service that does not answer is reported, not thrown. */
export async function scrapeServices(config: CliConfig, timeoutMs = 3_000): Promise<ServiceScrape[]> {
  return Promise.all(
    (Object.entries(config.services) as Array<[Stage, string]>).map(async ([service, base]): Promise<ServiceScrape> => {
      const url = `${base.replace(/\/+$/, '')}/metrics`;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return { service, url, ok: false, error: `HTTP ${response.status}` };
        return { service, url, ok: true, samples: parsePrometheusText(await response.text()) };
      } catch (err) {
        return { service, url, ok: false, error: causeText(err) };
      }
    }),
  );
}
