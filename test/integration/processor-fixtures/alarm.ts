// Test plugin: emits an anomaly event (side output) for every message that contains "ALARM", and passes all records on.
import { defineProcessor } from '@daytwo/processor-api';
import { z } from 'zod';

export const processor = defineProcessor({
  type: 'alarm',
  description: 'emits an anomaly per ALARM message',
  kinds: ['log'],
  configSchema: z.object({}).strict(),
  create: (_config, context) => ({
    process: (batch) => {
      for (const record of batch) {
        if (!record.message.includes('ALARM')) continue;
        context.emitAnomaly({
          schema_version: 1,
          id: `alarm-${record.event.id}`,
          '@timestamp': record['@timestamp'],
          source: 'log',
          detector: context.name,
          score: 1,
          reason: record.message,
          status: 'firing',
        });
      }
      return batch;
    },
  }),
});
