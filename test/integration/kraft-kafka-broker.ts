import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectedProcess, freePort, waitUntil } from './security-support';

/** A client listener's security protocol; the listener is named after it (one listener per protocol). */
export type KraftListener = 'PLAINTEXT' | 'SSL' | 'SASL_SSL';

export interface KraftBrokerOptions<L extends KraftListener> {
  /** Names the temporary directory and the start in error messages ('private', 'secure'). */
  name: string;
  /** The client listeners, each on a free port; the first one also carries the inter-broker traffic. */
  listeners: readonly [L, ...L[]];
  /** More server.properties lines (the listeners' security settings, timeouts). */
  properties?: readonly string[];
  /** More arguments of the storage format (e.g. `--add-scram`). */
  formatArgs?: readonly string[];
  /** How long one start may take. */
  timeoutMs?: number;
}

/**
 * A private single-node KRaft broker (the jars of scripts/stack/components/kafka.sh) in a temporary directory, which
 * a test may stop and start again on the same ports and data. The shared broker on 9092 is never touched.
 */
export interface KraftBroker<L extends KraftListener = KraftListener> {
  /** `127.0.0.1:<port>` of each client listener. */
  addresses: Record<L, string>;
  readonly running: boolean;
  /** The broker process's pid while it runs. */
  readonly pid: number | undefined;
  /** Stops the broker process (SIGTERM: controlled shutdown; SIGKILL: a crash); its data stays. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same ports and data; resolves once it logged that it started. */
  start(): Promise<void>;
  /** Stops it (SIGKILL if still running) and deletes its data. */
  destroy(): Promise<void>;
  /** The broker's log4j log, for failure messages. */
  log(): string;
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

function serverProperties(
  dir: string,
  listeners: ReadonlyArray<readonly [KraftListener, number]>,
  interBroker: KraftListener,
  controller: number,
  extra: readonly string[],
): string {
  const client = listeners.map(([name, port]) => `${name}://127.0.0.1:${port}`);
  const protocols = listeners.map(([name]) => `${name}:${name}`);
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=${[...client, `CONTROLLER://127.0.0.1:${controller}`].join(',')}`,
    `advertised.listeners=${client.join(',')}`,
    'controller.listener.names=CONTROLLER',
    `inter.broker.listener.name=${interBroker}`,
    `listener.security.protocol.map=${[...protocols, 'CONTROLLER:PLAINTEXT'].join(',')}`,
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
    ...extra,
    '',
  ].join('\n');
}

/** The broker logs to one file, appended to by every start. */
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
export async function startKraftBroker<L extends KraftListener>(
  options: KraftBrokerOptions<L>,
): Promise<KraftBroker<L>> {
  const { name, properties: extra = [], formatArgs = [], timeoutMs = 120_000 } = options;
  const dir = mkdtempSync(join(tmpdir(), `daytwo-kafka-${name}-`));
  const logFile = join(dir, 'kafka.log');
  const listeners: Array<readonly [L, number]> = [];
  for (const listener of options.listeners) listeners.push([listener, await freePort()]);
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(dir, listeners, options.listeners[0], await freePort(), extra));
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

  // A KRaft cluster id: 16 random bytes, base64url without padding.
  const clusterId = randomBytes(16).toString('base64url');
  const format = CollectedProcess.spawn(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...formatArgs],
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
    // Earlier starts' lines stay in the log: only this start's count.
    const logged = readLog().length;
    const started = CollectedProcess.spawn('java', [...java, 'kafka.Kafka', properties], process.env);
    broker = started;
    try {
      await waitUntil(`${name} Kafka broker start`, () => readLog().slice(logged).includes('Kafka Server started'), {
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
    await destroy();
    throw err;
  }
  return {
    addresses: Object.fromEntries(listeners.map(([listener, port]) => [listener, `127.0.0.1:${port}`])) as Record<
      L,
      string
    >,
    get running() {
      return broker?.running ?? false;
    },
    get pid() {
      return broker?.running ? broker.child.pid : undefined;
    },
    stop,
    start,
    destroy,
    log: readLog,
  };
}
