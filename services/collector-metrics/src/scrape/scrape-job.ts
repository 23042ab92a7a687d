import { z } from 'zod';

const TlsOptions = z
  .object({
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** Name checked against the target's certificate (SNI), when it differs from the address. */
    serverName: z.string().min(1).optional(),
    insecureSkipVerify: z.boolean().default(false),
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
    message: 'certFile and keyFile must be given together',
    path: ['keyFile'],
  });
export type TlsOptions = z.output<typeof TlsOptions>;

const BasicAuth = z
  .object({
    username: z.string().min(1),
    password: z.string().min(1).meta({ secret: true }).optional(),
    /** Read at every scrape, so a rotated secret is picked up. */
    passwordFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((b) => (b.password === undefined) !== (b.passwordFile === undefined), {
    message: 'exactly one of password and passwordFile is required',
    path: ['password'],
  });
export type BasicAuth = z.output<typeof BasicAuth>;

/**
 * How the targets of one source are scraped (Prometheus' per-job settings). Embedded in every target source:
 * a static group, a file_sd file, the Kubernetes section.
 */
export const ScrapeJobFields = {
  /** Value of the `job` label of the source's targets. */
  job: z
    .string()
    .min(1)
    .regex(/^[^\s]+$/, 'must not contain blanks'),
  scheme: z.enum(['http', 'https']).default('http'),
  metricsPath: z.string().startsWith('/', 'must start with /').default('/metrics'),
  /** URL query parameters of the scrape request. */
  params: z.record(z.string(), z.string()).default({}),
  /** Exposed labels win over target labels of the same name (else they become `exported_<name>`). */
  honorLabels: z.boolean().default(false),
  /** Use the timestamps the target exposes (else every sample gets the scrape start time). */
  honorTimestamps: z.boolean().default(true),
  tls: TlsOptions.optional(),
  basicAuth: BasicAuth.optional(),
  bearerToken: z.string().min(1).meta({ secret: true }).optional(),
  /** Read at every scrape (service-account tokens rotate). */
  bearerTokenFile: z.string().min(1).optional(),
};

type JobFieldsInput = { basicAuth?: unknown; bearerToken?: unknown; bearerTokenFile?: unknown };

/** Only one way of authenticating a scrape. */
export function checkJobAuth(job: JobFieldsInput, ctx: z.RefinementCtx): void {
  const given = (['basicAuth', 'bearerToken', 'bearerTokenFile'] as const).filter((k) => job[k] !== undefined);
  if (given.length > 1) {
    ctx.addIssue({ code: 'custom', path: [given[1]!], message: `${given.join(' and ')} cannot be used together` });
  }
}

export const ScrapeJob = z.object(ScrapeJobFields).strict().superRefine(checkJobAuth);
export type ScrapeJob = z.output<typeof ScrapeJob>;
