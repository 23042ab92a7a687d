// Test plugin: waits before passing each batch on, so that a restart lands in the middle of a stream.
import { defineProcessor } from '@daytwo/processor-api';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export const processor = defineProcessor({
  type: 'slow',
  description: 'passes batches on after a delay',
  kinds: ['log'],
  configSchema: z.object({ delayMs: z.number().int().nonnegative() }).strict(),
  create: (config) => ({
    process: async (batch) => {
      await sleep(config.delayMs);
      return batch;
    },
  }),
});
