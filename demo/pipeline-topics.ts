import { createKafka, ensureTopics, topicNames, type EnsureTopicsResult } from '@daytwo/core';

/** Creates every pipeline topic of the run (auto topic creation is off) before any service consumes. */
export function createPipelineTopics(brokers: string[], prefix: string, partitions = 3): Promise<EnsureTopicsResult> {
  const kafka = createKafka({ brokers, clientId: 'daytwo-demo' });
  const names = Object.values(topicNames(prefix === '' ? undefined : prefix));
  return ensureTopics(
    kafka,
    names.map((name) => ({ name, partitions })),
    { timeoutMs: 30_000 },
  );
}
