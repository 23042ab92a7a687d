import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchConsumer,
  createKafka,
  DeadLetterPublisher,
  ensureTopics,
  RecordProducer,
  withAdmin,
  type ConsumedRecord,
  type KafkaConnectionConfigInput,
  type LogRecord,
} from '@daytwo/core';
import { FAST_CONSUMER } from '../support/kafka';
import { createTestCertificates, type TestCertificates } from '../support/tls';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';
import { startSecureKafkaBroker, type SecureKafkaBroker } from './security-kafka-broker';

// The broker's JVM starts in 20-40 s on a loaded machine; every test shares it.
jest.setTimeout(180_000);

const PLAIN_PASSWORD = 'plain-pw-7f3k2q9x';
const SCRAM_PASSWORD = 'scram-pw-m4v8d1zt';

let certs: TestCertificates;
let broker: SecureKafkaBroker;
let plainPasswordFile: string;

beforeAll(async () => {
  certs = await createTestCertificates('daytwo-kafka');
  plainPasswordFile = join(certs.dir, 'kafka-password');
  // A mounted secret file ends with a newline; it is not part of the password.
  writeFileSync(plainPasswordFile, `${PLAIN_PASSWORD}\n`);
  broker = await startSecureKafkaBroker(certs, {
    plain: { daytwo: PLAIN_PASSWORD },
    scram: { alice: SCRAM_PASSWORD },
  });
}, 180_000);

afterAll(async () => {
  await broker?.stop();
  certs?.cleanup();
});

function logRecord(id: string): LogRecord {
  return {
    schema_version: 1,
    '@timestamp': '2026-03-01T10:00:00.000Z',
    message: `secure line ${id}`,
    kubernetes: { pod: { uid: 'pod-secure' } },
    event: { id },
  };
}

/** Creates a topic, publishes three records with RecordProducer and reads them back with a BatchConsumer. */
async function roundTrip(config: KafkaConnectionConfigInput, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const kafka = createKafka(config, { env });
  const topic = uniqueName('it_secure');
  const ids = [1, 2, 3].map((i) => `${topic}-${i}`);
  await ensureTopics(kafka, [{ name: topic, partitions: 1 }]);
  const producer = new RecordProducer(kafka);
  const received: ConsumedRecord[] = [];
  const consumer = new BatchConsumer(kafka, {
    topics: [topic],
    settings: { ...FAST_CONSUMER, groupId: uniqueName('it_secure_group') },
    handler: (batch) => Promise.resolve(void received.push(...batch.records)),
    deadLetters: new DeadLetterPublisher(producer, { topic: `${topic}-dead`, stage: 'security-it' }),
  });
  try {
    await producer.publishRecords(topic, 'log', 'pod-secure', ids.map(logRecord));
    await consumer.start();
    await waitFor(() => Promise.resolve(received.length >= ids.length ? true : undefined), {
      timeoutMs: 60_000,
      what: `${ids.length} records over ${config.tls ? 'TLS' : 'plaintext'}`,
    });
    return received.map((r) => r.id ?? '');
  } finally {
    await consumer.stop();
    await producer.disconnect();
    await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [topic] }));
  }
}

/** The error of a metadata request with this config (the first request authenticates). */
async function connectError(config: KafkaConnectionConfigInput, env?: NodeJS.ProcessEnv): Promise<Error> {
  const kafka = createKafka({ ...config, connectionTimeoutMs: 5_000 }, { env });
  return withAdmin(kafka, (admin) => admin.listTopics()).then(
    () => new Error('connected although it should not have'),
    (err: Error) => err,
  );
}

describe('Kafka over TLS and SASL_SSL on a private broker', () => {
  it('produces and consumes over the TLS listener with the CA from tls.caFile', async () => {
    const config = { brokers: [broker.ssl], clientId: 'security-it', tls: { caFile: certs.caFile } };
    const ids = await roundTrip(config);
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => id.startsWith('it_secure_'))).toBe(true);
  });

  it('refuses the TLS listener when the client does not trust its CA', async () => {
    const err = await connectError({ brokers: [broker.ssl], tls: {} });
    expect(err.message).toContain('self-signed certificate in certificate chain');
  });

  it('authenticates with SASL/PLAIN, password from passwordFile (trailing newline dropped)', async () => {
    const config = {
      brokers: [broker.saslSsl],
      tls: { caFile: certs.caFile },
      sasl: { mechanism: 'plain' as const, username: 'daytwo', passwordFile: plainPasswordFile },
    };
    expect(await roundTrip(config)).toHaveLength(3);
  });

  it('authenticates with SCRAM-SHA-512, password from passwordEnv', async () => {
    const config = {
      brokers: [broker.saslSsl],
      tls: { caFile: certs.caFile },
      sasl: { mechanism: 'scram-sha-512' as const, username: 'alice', passwordEnv: 'IT_KAFKA_PASSWORD' },
    };
    expect(await roundTrip(config, { IT_KAFKA_PASSWORD: SCRAM_PASSWORD })).toHaveLength(3);
  });

  it.each([
    ['plain' as const, 'daytwo', 'SASL PLAIN authentication failed'],
    ['scram-sha-512' as const, 'alice', 'SASL SCRAM SHA512 authentication failed'],
  ])('a wrong %s password fails with a clear authentication error', async (mechanism, username, message) => {
    const err = await connectError(
      {
        brokers: [broker.saslSsl],
        tls: { caFile: certs.caFile },
        sasl: { mechanism, username, passwordEnv: 'IT_KAFKA_PASSWORD' },
      },
      { IT_KAFKA_PASSWORD: 'not-the-password' },
    );
    expect(err.name).toBe('KafkaJSSASLAuthenticationError');
    expect(err.message).toContain(message);
    expect(err.message).not.toContain('not-the-password');
  });
});
