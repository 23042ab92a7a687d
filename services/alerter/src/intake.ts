import { AnomalyEvent, DEAD_LETTER_REASONS, type ConsumedBatch, type DeadLetterPublisher } from '@daytwo/core';
import type { Logger } from 'pino';
import type { AlertEngine } from './alert-engine';
import type { AlerterMetrics } from './metrics';

/**
 * The Kafka batch handler: each valid anomaly event goes through the engine in offset order; invalid ones are
 * dead-lettered. It resolves only once all of that is stored, so the consumer commits nothing that is not.
 */
export function anomalyBatchHandler(
  engine: AlertEngine,
  deadLetters: DeadLetterPublisher,
  metrics: AlerterMetrics,
  logger: Logger,
) {
  return async (batch: ConsumedBatch): Promise<void> => {
    const invalid: Parameters<DeadLetterPublisher['publish']>[0][number][] = [];
    for (const consumed of batch.records) {
      const parsed = AnomalyEvent.safeParse(consumed.record);
      if (!parsed.success) {
        const { origin } = consumed;
        const error = parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
        invalid.push({
          reason: DEAD_LETTER_REASONS.recordInvalid,
          error,
          source: { topic: origin.topic, partition: origin.partition, offset: origin.offset },
          recordId: consumed.id,
          raw: consumed.record,
          headers: origin.headers,
        });
        continue;
      }
      await engine.handleEvent(parsed.data);
    }
    if (invalid.length > 0) {
      await deadLetters.publish(invalid);
      metrics.deadLetters.inc({ reason: DEAD_LETTER_REASONS.recordInvalid }, invalid.length);
      const first = invalid[0]!;
      logger.warn(
        { count: invalid.length, reason: first.reason, error: first.error, source: first.source },
        'invalid anomaly events dead-lettered',
      );
    }
  };
}
