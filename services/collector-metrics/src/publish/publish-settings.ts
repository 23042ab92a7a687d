import { z } from 'zod';
import { Duration } from '../scrape/units';

/** `publish`: how samples go to Kafka. */
export const PublishSettings = z
  .object({
    /**
     * Series are folded into this many Kafka keys (many samples per message); 0 keys each series by its hash. Each key
     * is one produce request per flush, sent one after another by the idempotent producer: more keys spread over more
     * partitions but lengthen a flush (about 3.5 ms per key measured on the loaded dev machine).
     */
    keyShards: z.number().int().min(0).max(100_000).default(32),
    /** Scrape results finishing within this window are published together. */
    linger: Duration.prefault('20ms'),
    /** First wait before retrying a failed publish; doubles up to maxRetryDelay. */
    retryDelay: Duration.prefault('500ms'),
    maxRetryDelay: Duration.prefault('30s'),
    /** On shutdown, how long queued samples may take to reach Kafka before they are given up. */
    drainTimeout: Duration.prefault('10s'),
  })
  .strict();
export type PublishSettings = z.output<typeof PublishSettings>;
