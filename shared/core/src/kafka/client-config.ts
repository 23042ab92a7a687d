import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { TlsFilesConfig, tlsConnectionOptions } from '../connection/tls-files';
import { KAFKAJS_LOG_LEVELS, kafkaLogCreator, type KafkaLogLevel, type PinoLikeLogger } from './kafka-logger';
import { kafkaSocketFactory } from './socket-factory';

const Broker = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^\s:[\]]+):\d{1,5}$/, 'expected host:port');
const BrokerList = z.array(Broker).min(1, 'at least one broker is required');

const SaslConfig = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1),
    /** File holding the password (a mounted Kubernetes secret); read once at start. */
    passwordFile: z.string().min(1).optional(),
    /** Name of the environment variable holding the password. */
    passwordEnv: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => (s.passwordFile === undefined) !== (s.passwordEnv === undefined), {
    message: 'exactly one of passwordFile and passwordEnv is required',
    path: ['passwordFile'],
  });

export const KafkaConnectionConfig = z
  .object({
    /** `host:port` list, or one comma-separated string (handy for env vars). */
    brokers: z.union([
      BrokerList,
      z
        .string()
        .transform((s) => s.split(',').map((b) => b.trim()))
        .pipe(BrokerList),
    ]),
    clientId: z.string().min(1).default('daytwo'),
    tls: TlsFilesConfig.optional(),
    sasl: SaslConfig.optional(),
    connectionTimeoutMs: z.number().int().positive().default(3000),
    requestTimeoutMs: z.number().int().positive().default(30000),
  })
  .strict();
export type KafkaConnectionConfig = z.output<typeof KafkaConnectionConfig>;
export type KafkaConnectionConfigInput = z.input<typeof KafkaConnectionConfig>;

/** A configuration problem, naming the offending key (`kafka.sasl.passwordFile: ...`). */
export class KafkaConfigError extends Error {
  override name = 'KafkaConfigError';
}

export function parseKafkaConnectionConfig(input: unknown, keyPrefix = 'kafka'): KafkaConnectionConfig {
  const result = KafkaConnectionConfig.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[keyPrefix, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new KafkaConfigError(problems.join('; '));
}

export interface CreateKafkaOptions {
  /** kafkajs logs go here; without a logger the client stays silent. */
  logger?: PinoLikeLogger;
  logLevel?: KafkaLogLevel;
  /** Prefix for keys named in errors. */
  keyPrefix?: string;
  env?: NodeJS.ProcessEnv;
}

function readSecretFile(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new KafkaConfigError(`${key}: cannot read ${path}: ${(err as Error).message}`);
  }
}

function saslOptions(
  sasl: NonNullable<KafkaConnectionConfig['sasl']>,
  keyPrefix: string,
  env: NodeJS.ProcessEnv,
): SASLOptions {
  let password: string;
  if (sasl.passwordFile !== undefined) {
    // Secret files usually end with a newline that is not part of the password.
    password = readSecretFile(sasl.passwordFile, `${keyPrefix}.sasl.passwordFile`)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  } else {
    const name = sasl.passwordEnv ?? '';
    password = env[name] ?? '';
    if (password === '') {
      throw new KafkaConfigError(`${keyPrefix}.sasl.passwordEnv: environment variable ${name} is not set or empty`);
    }
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password };
}

/** The kafkajs client options for a validated config; secret files are read here, once. */
export function kafkaClientOptions(config: KafkaConnectionConfig, options: CreateKafkaOptions = {}): KafkaConfig {
  const keyPrefix = options.keyPrefix ?? 'kafka';
  const { logger } = options;
  const kafkaConfig: KafkaConfig = {
    brokers: config.brokers,
    clientId: config.clientId,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    logLevel: logger ? KAFKAJS_LOG_LEVELS[options.logLevel ?? 'info'] : KAFKAJS_LOG_LEVELS.nothing,
    socketFactory: kafkaSocketFactory,
  };
  if (logger) kafkaConfig.logCreator = kafkaLogCreator(logger);
  if (config.tls) kafkaConfig.ssl = tlsConnectionOptions(config.tls, `${keyPrefix}.tls`);
  if (config.sasl) kafkaConfig.sasl = saslOptions(config.sasl, keyPrefix, options.env ?? process.env);
  return kafkaConfig;
}

/** Validates the config (raw input or already parsed) and builds the kafkajs client. */
export function createKafka(config: KafkaConnectionConfigInput, options: CreateKafkaOptions = {}): Kafka {
  const parsed = parseKafkaConnectionConfig(config, options.keyPrefix);
  return new Kafka(kafkaClientOptions(parsed, options));
}
