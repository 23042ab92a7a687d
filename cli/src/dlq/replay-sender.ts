import type { Kafka } from 'kafkajs';
import type { CliConfig } from '../config';
import { causeText, CliError } from '../errors';
import { withProducer } from '../kafka';
import type { ReplayMessage } from './replay-message';

/** Sends the messages, acknowledged by all in-sync replicas, topic by topic in entry order. */
export async function sendReplays(kafka: Kafka, config: CliConfig, messages: readonly ReplayMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const byTopic = new Map<string, ReplayMessage[]>();
  for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
  await withProducer(kafka, config, async (producer) => {
    for (const [topic, list] of byTopic) {
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: list.map((m) => ({
            key: m.key,
            value: m.value,
            partition: m.partition,
            headers: { 'daytwo-replay-of': m.from },
          })),
        });
      } catch (err) {
        throw new CliError(`replaying to ${topic} failed: ${causeText(err)}`);
      }
    }
  });
}
