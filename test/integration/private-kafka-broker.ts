import { startKraftBroker, type KraftBroker } from './kraft-kafka-broker';

/**
 * A private single-node PLAINTEXT KRaft broker that a test may stop and start again, on the same port and the same
 * data, to simulate a broker outage. The shared broker on 9092 is never touched.
 */
export interface PrivateKafkaBroker extends KraftBroker<'PLAINTEXT'> {
  /** `127.0.0.1:<port>`. */
  address: string;
}

/** Formats the storage and starts the broker; resolves once it logged that it started. */
export async function startPrivateKafkaBroker(timeoutMs = 120_000): Promise<PrivateKafkaBroker> {
  const broker = await startKraftBroker({
    name: 'private',
    listeners: ['PLAINTEXT'],
    properties: [
      // After a SIGKILL the restarted broker registers once its previous session expired (default 9 s).
      'broker.session.timeout.ms=3000',
      'broker.heartbeat.interval.ms=500',
    ],
    timeoutMs,
  });
  // Object.assign keeps the broker's `running` and `pid` getters (a spread would copy their current values).
  return Object.assign(broker, { address: broker.addresses.PLAINTEXT });
}
