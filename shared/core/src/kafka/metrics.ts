import { Counter, type Registry } from 'prom-client';

/**
 * A counter on the given registry, or undefined without one. Several producers or consumers in one process share the
 * registry, so an already registered counter is reused instead of failing on the duplicate name.
 */
export function sharedCounter<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> | undefined {
  if (!registry) return undefined;
  const existing = registry.getSingleMetric(name);
  if (existing) {
    if (!(existing instanceof Counter)) throw new Error(`metric ${name} is already registered and is not a counter`);
    return existing;
  }
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

export function producerMetrics(registry: Registry | undefined) {
  const byTopic = ['topic'] as const;
  return {
    messages: sharedCounter(registry, 'daytwo_kafka_produced_messages_total', 'Messages acknowledged', byTopic),
    records: sharedCounter(registry, 'daytwo_kafka_produced_records_total', 'Records acknowledged', byTopic),
    bytes: sharedCounter(registry, 'daytwo_kafka_produced_bytes_total', 'Value bytes acknowledged', byTopic),
    errors: sharedCounter(registry, 'daytwo_kafka_publish_errors_total', 'Failed publish calls', [
      'topic',
      'retryable',
    ]),
  };
}

export function consumerMetrics(registry: Registry | undefined) {
  const byTopic = ['topic'] as const;
  return {
    messages: sharedCounter(registry, 'daytwo_kafka_consumed_messages_total', 'Messages handled, committed', byTopic),
    records: sharedCounter(registry, 'daytwo_kafka_consumed_records_total', 'Records handled, committed', byTopic),
    handlerErrors: sharedCounter(registry, 'daytwo_kafka_handler_errors_total', 'Failed handler calls', byTopic),
    deadLetters: sharedCounter(registry, 'daytwo_kafka_dead_letters_total', 'Messages dead-lettered', [
      'topic',
      'reason',
    ]),
    deadLetterErrors: sharedCounter(
      registry,
      'daytwo_kafka_dead_letter_errors_total',
      'Failed dead-letter publishes',
      byTopic,
    ),
    commitErrors: sharedCounter(registry, 'daytwo_kafka_commit_errors_total', 'Failed offset commits', byTopic),
  };
}
