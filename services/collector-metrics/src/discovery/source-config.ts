import { z } from 'zod';
import { isValidLabelName } from '@daytwo/core';
import { checkJobAuth, ScrapeJobFields, type ScrapeJob } from '../scrape/scrape-job';
import { Duration } from '../scrape/units';

/** Label names as Prometheus accepts them; values are any string. */
export const LabelSet = z.record(
  z.string().refine(isValidLabelName, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*'),
  z.string(),
);

const Address = z
  .string()
  .min(1)
  .regex(/^[^\s/?#@]+$/, 'must be host or host:port (no scheme, path or user)');

/** `targets.static[]`: a fixed list of `host:port` targets with their labels and scrape settings. */
export const StaticTargetsConfig = z
  .object({ ...ScrapeJobFields, targets: z.array(Address).min(1), labels: LabelSet.default({}) })
  .strict()
  .superRefine(checkJobAuth);
export type StaticTargetsConfig = z.output<typeof StaticTargetsConfig>;

/** `targets.files[]`: a Prometheus file_sd file (JSON or YAML), re-read when it changes. */
export const FileTargetsConfig = z
  .object({
    ...ScrapeJobFields,
    path: z
      .string()
      .min(1)
      .regex(/\.(json|ya?ml)$/, 'must end in .json, .yml or .yaml'),
    /** The file is also re-read this often, in case a change notification was missed. */
    refreshInterval: Duration.prefault('5m'),
  })
  .strict()
  .superRefine(checkJobAuth);
export type FileTargetsConfig = z.output<typeof FileTargetsConfig>;

const JOB_KEYS = Object.keys(ScrapeJobFields) as (keyof ScrapeJob)[];

/** The scrape settings of a source config, without its discovery keys. */
export function jobOf(config: ScrapeJob): ScrapeJob {
  return Object.fromEntries(JOB_KEYS.map((key) => [key, config[key]])) as unknown as ScrapeJob;
}
