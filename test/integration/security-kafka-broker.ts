import type { TestCertificates } from '../support/tls';
import { startKraftBroker } from './kraft-kafka-broker';

export { kafkaLibsDir } from './kraft-kafka-broker';

export interface SecureBrokerUsers {
  /** SASL/PLAIN users (name → password), declared in the listener's JAAS config. */
  plain: Record<string, string>;
  /** SCRAM-SHA-512 users (name → password), written into the metadata log at format time. */
  scram: Record<string, string>;
}

/**
 * A private single-node KRaft broker with two listeners: SSL (TLS only) and SASL_SSL (PLAIN and SCRAM-SHA-512), both
 * with the test CA's server certificate. The shared broker on 9092 is never touched.
 */
export interface SecureKafkaBroker {
  /** `127.0.0.1:<port>` of the SSL listener. */
  ssl: string;
  /** `127.0.0.1:<port>` of the SASL_SSL listener. */
  saslSsl: string;
  pid: number | undefined;
  /** The broker's log4j log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** A JAAS option value in double quotes (the test's passwords have no quotes or backslashes, but stay safe). */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function securityProperties(certs: TestCertificates, users: SecureBrokerUsers): string[] {
  const plainUsers = Object.entries(users.plain)
    .map(([name, password]) => `user_${name}=${quoted(password)}`)
    .join(' ');
  return [
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${certs.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${certs.caFile}`,
    'ssl.client.auth=none',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
  ];
}

/** Formats the storage (with the SCRAM users) and starts the broker; resolves once it logged that it started. */
export async function startSecureKafkaBroker(
  certs: TestCertificates,
  users: SecureBrokerUsers,
  timeoutMs = 120_000,
): Promise<SecureKafkaBroker> {
  const broker = await startKraftBroker({
    name: 'secure',
    listeners: ['SSL', 'SASL_SSL'],
    properties: securityProperties(certs, users),
    formatArgs: Object.entries(users.scram).flatMap(([name, password]) => [
      '--add-scram',
      `SCRAM-SHA-512=[name=${name},password=${password}]`,
    ]),
    timeoutMs,
  });
  return {
    ssl: broker.addresses.SSL,
    saslSsl: broker.addresses.SASL_SSL,
    pid: broker.pid,
    log: () => broker.log(),
    stop: async () => {
      await broker.stop('SIGTERM');
      await broker.destroy();
    },
  };
}
