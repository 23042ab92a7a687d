import { z } from 'zod';

export const ConsumerSettings = z
  .object({
    groupId: z.string().min(1),
    /** Where a group without committed offsets starts; the pipeline default loses nothing. */
    fromBeginning: z.boolean().default(true),
    sessionTimeoutMs: z.number().int().positive().default(30_000),
    rebalanceTimeoutMs: z.number().int().positive().default(60_000),
    heartbeatIntervalMs: z.number().int().positive().default(3_000),
    maxWaitTimeMs: z.number().int().positive().default(1_000),
    maxBytesPerPartition: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    partitionsConsumedConcurrently: z.number().int().positive().default(1),
    /** Records per handler call; a fetched batch is cut at message boundaries once this many are collected. */
    maxRecordsPerHandlerCall: z.number().int().positive().default(5_000),
    /** Backoff before a failed batch is fetched again; doubles per consecutive failure up to the max. */
    retryInitialMs: z.number().int().positive().default(500),
    retryMaxMs: z.number().int().positive().default(30_000),
  })
  .strict()
  .refine((s) => s.retryInitialMs <= s.retryMaxMs, {
    message: 'retryInitialMs must not exceed retryMaxMs',
    path: ['retryInitialMs'],
  });
export type ConsumerSettings = z.output<typeof ConsumerSettings>;
export type ConsumerSettingsInput = z.input<typeof ConsumerSettings>;

/** Backoff after the n-th consecutive failure (n >= 1). */
export function retryDelayMs(settings: Pick<ConsumerSettings, 'retryInitialMs' | 'retryMaxMs'>, failures: number) {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(settings.retryMaxMs, settings.retryInitialMs * 2 ** exponent);
}
