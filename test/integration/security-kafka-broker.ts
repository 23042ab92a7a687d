import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCertificates } from '../support/tls';
import { CollectedProcess, freePort, waitUntil } from './security-support';

export interface SecureBrokerUsers {
  /** SASL/PLAIN users (name → password), declared in the listener's JAAS config. */
  plain: Record<string, string>;
  /** SCRAM-SHA-512 users (name → password), written into the metadata log at format time. */
  scram: Record<string, string>;
}

/**
 * A private single-node KRaft broker (the jars of scripts/stack/components/kafka.sh) with two listeners: SSL (TLS
 * only) and SASL_SSL (PLAIN and SCRAM-SHA-512), both with the test CA's server certificate. The shared broker on 9092
 * is never touched.
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

/** The libs directory of the cached Kafka jars: $DAYTWO_KAFKA_VERSION's if set and present, else the newest. */
export function kafkaLibsDir(): string {
  const cache = process.env.DAYTWO_CACHE_DIR ?? join(homedir(), '.cache', 'daytwo');
  const wanted = process.env.DAYTWO_KAFKA_VERSION;
  const candidates = existsSync(cache)
    ? readdirSync(cache)
        .filter((d) => /^kafka-\d/.test(d) && existsSync(join(cache, d, 'libs')))
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    : [];
  const chosen = (wanted && candidates.find((d) => d === `kafka-${wanted}`)) ?? candidates[candidates.length - 1];
  if (!chosen) throw new Error(`no Kafka jars under ${cache}/kafka-*/libs: run scripts/stack/stack.sh up once`);
  return join(cache, chosen, 'libs');
}

/** A JAAS option value in double quotes (the test's passwords have no quotes or backslashes, but stay safe). */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function serverProperties(dir: string, certs: TestCertificates, ports: number[], users: SecureBrokerUsers): string {
  const [ssl, sasl, controller] = ports;
  const plainUsers = Object.entries(users.plain)
    .map(([name, password]) => `user_${name}=${quoted(password)}`)
    .join(' ');
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=SSL://127.0.0.1:${ssl},SASL_SSL://127.0.0.1:${sasl},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=SSL://127.0.0.1:${ssl},SASL_SSL://127.0.0.1:${sasl}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=SSL',
    'listener.security.protocol.map=SSL:SSL,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${certs.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${certs.caFile}`,
    'ssl.client.auth=none',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = FILE',
    '',
  ].join('\n');
}

/** Formats the storage (with the SCRAM users) and starts the broker; resolves once it logged that it started. */
export async function startSecureKafkaBroker(
  certs: TestCertificates,
  users: SecureBrokerUsers,
  timeoutMs = 120_000,
): Promise<SecureKafkaBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'daytwo-kafka-secure-'));
  const logFile = join(dir, 'kafka.log');
  const ports = [await freePort(), await freePort(), await freePort()];
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(dir, certs, ports, users));
  writeFileSync(join(dir, 'log4j2.properties'), log4jProperties(logFile));
  // A short-lived JVM: small heap, C1 only, serial GC (the machine is shared and loaded).
  const java = [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
  ].concat([`-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, '-cp', `${kafkaLibsDir()}/*`]);
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  // A KRaft cluster id: 16 random bytes, base64url without padding.
  const clusterId = randomBytes(16).toString('base64url');
  const scram = Object.entries(users.scram).map(([name, password]) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${name},password=${password}]`,
  ]);
  const format = CollectedProcess.spawn(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...scram.flat()],
    process.env,
  );
  const formatTimer = setTimeout(() => void format.stop(), 60_000);
  const formatted = await format.exited;
  clearTimeout(formatTimer);
  if (formatted !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka-storage format failed (${String(formatted)}):\n${format.output}`);
  }

  const broker = CollectedProcess.spawn('java', [...java, 'kafka.Kafka', properties], process.env);
  const stop = async () => {
    await broker.stop(20_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('secure Kafka broker start', () => readLog().includes('Kafka Server started'), {
      timeoutMs,
      intervalMs: 500,
      alive: () => broker.running,
      details: () => `${broker.output}\n${readLog().slice(-4000)}`,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ssl: `127.0.0.1:${ports[0]}`,
    saslSsl: `127.0.0.1:${ports[1]}`,
    pid: broker.child.pid,
    log: readLog,
    stop,
  };
}
