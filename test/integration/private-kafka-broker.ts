import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaLibsDir } from './security-kafka-broker';
import { CollectedProcess, freePort, waitUntil } from './security-support';

/**
 * A private single-node PLAINTEXT KRaft broker (the jars of scripts/stack/components/kafka.sh) that a test may stop
 * and start again, on the same port and the same data, to simulate a broker outage. The shared broker on 9092 is never
 * touched.
 */
export interface PrivateKafkaBroker {
  /** `127.0.0.1:<port>`. */
  address: string;
  readonly running: boolean;
  /** Stops the broker process (SIGTERM: controlled shutdown; SIGKILL: a crash); its data stays. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and data; resolves once it logged that it started. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
  /** The broker's log4j log, for failure messages. */
  log(): string;
}

function serverProperties(dir: string, port: number, controller: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
    // After a SIGKILL the restarted broker registers once its previous session expired (default 9 s).
    'broker.session.timeout.ms=3000',
    'broker.heartbeat.interval.ms=500',
    '',
  ].join('\n');
}

function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.append = true',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = FILE',
    '',
  ].join('\n');
}

/** Formats the storage and starts the broker; resolves once it logged that it started. */
export async function startPrivateKafkaBroker(timeoutMs = 120_000): Promise<PrivateKafkaBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'daytwo-kafka-private-'));
  const logFile = join(dir, 'kafka.log');
  const port = await freePort();
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(dir, port, await freePort()));
  writeFileSync(join(dir, 'log4j2.properties'), log4jProperties(logFile));
  // A short-lived JVM: small heap, C1 only, serial GC (the machine is shared and loaded).
  const java = [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
    '-cp',
    `${kafkaLibsDir()}/*`,
  ];
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const clusterId = randomBytes(16).toString('base64url');
  const format = CollectedProcess.spawn(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties],
    process.env,
  );
  const formatTimer = setTimeout(() => void format.stop(), 60_000);
  const formatted = await format.exited;
  clearTimeout(formatTimer);
  if (formatted !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka-storage format failed (${String(formatted)}):\n${format.output}`);
  }

  let broker: CollectedProcess | undefined;
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const current = broker;
    broker = undefined;
    if (!current?.running) return;
    if (signal === 'SIGKILL') {
      process.kill(current.child.pid!, 'SIGKILL');
      await current.exited;
    } else {
      await current.stop(20_000);
    }
  };
  const start = async () => {
    if (broker?.running) return;
    const logged = readLog().length;
    const started = CollectedProcess.spawn('java', [...java, 'kafka.Kafka', properties], process.env);
    broker = started;
    try {
      await waitUntil('private Kafka broker start', () => readLog().slice(logged).includes('Kafka Server started'), {
        timeoutMs,
        intervalMs: 200,
        alive: () => started.running,
        details: () => `${started.output}\n${readLog().slice(-4000)}`,
      });
    } catch (err) {
      await stop('SIGKILL');
      throw err;
    }
  };
  const destroy = async () => {
    await stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    address: `127.0.0.1:${port}`,
    get running() {
      return broker?.running ?? false;
    },
    stop,
    start,
    destroy,
    log: readLog,
  };
}
