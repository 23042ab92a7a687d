import { KafkaConnectionConfig, ProducerSettings, TelemetryConfig, TopicPrefixConfig } from '@daytwo/core';
import { z } from 'zod';
import { GlobSyntaxError, compileGlob } from './discovery/glob';
import { MultilineConfig } from './multiline/config';
import { DEFAULT_PARTIAL_TIMEOUT_MS } from './parse/line-decoder-options';
import { DEFAULT_MAX_LINE_BYTES } from './parse/reassemble';

const MiB = 1024 * 1024;

const Glob = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      compileGlob(pattern);
    } catch (err) {
      if (!(err instanceof GlobSyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });

const NameGlobs = z
  .object({
    namespaces: z.array(Glob).default([]),
    pods: z.array(Glob).default([]),
    containers: z.array(Glob).default([]),
  })
  .strict()
  .prefault({});

const positiveMs = (ms: number) => z.number().int().positive().default(ms);

export const DiscoveryConfig = z
  .object({
    /** `<root>/<namespace>_<pod>_<uid>/<container>/<restart>.log` */
    root: z.string().min(1).default('/var/log/pods'),
    /** Full rescans find what the directory watches missed (and everything when watching is off). */
    rescanIntervalMs: positiveMs(5000),
    watch: z.boolean().default(true),
    /** Globs on namespace, pod and container names; exclude wins over include. */
    include: NameGlobs,
    exclude: NameGlobs,
  })
  .strict()
  .prefault({});

export const ReadConfig = z
  .object({
    /** Measured: 512 KiB reads (and 5000-record sends) beat 1 MiB, whose produce requests cost kafkajs more per byte. */
    chunkBytes: z
      .number()
      .int()
      .min(4096)
      .max(64 * MiB)
      .default(512 * 1024),
    /** Files are also checked for new data this often (fs.watch events usually come first). */
    pollIntervalMs: positiveMs(500),
    /** A renamed or deleted file is released once read to its end and idle this long (or its successor has data). */
    rotateWaitMs: positiveMs(5000),
  })
  .strict()
  .prefault({});

export const DecodeConfig = z
  .object({
    format: z.enum(['auto', 'cri', 'docker-json']).default('auto'),
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * MiB)
      .default(DEFAULT_MAX_LINE_BYTES),
    partialTimeoutMs: positiveMs(DEFAULT_PARTIAL_TIMEOUT_MS),
    /** Multiline merging (stack traces), on with the built-in rules by default; `false` turns it off. */
    multiline: z.union([z.literal(false), MultilineConfig]).prefault({}),
    /** How often timed-out split lines and multiline events are emitted. */
    flushIntervalMs: positiveMs(250),
  })
  .strict()
  .prefault({});

export const CheckpointConfig = z
  .object({
    dir: z.string().min(1).default('/var/lib/daytwo/collector-logs'),
    /** Checkpoint file writes are coalesced to at most one per interval. */
    minWriteIntervalMs: z.number().int().min(0).default(100),
  })
  .strict()
  .prefault({});

export const PublishConfig = z
  .object({
    /**
     * Bytes read and not yet acknowledged by Kafka, across all files: reading pauses at this bound. The rows made from
     * them take about as many bytes again. Measured (bench:logs, local broker): 1, 2, 4 and 16 MiB move lines equally
     * fast; peak RSS about 115, 115, 130 and 170 MB. Throughput is at most this budget per produce round trip (2 MiB
     * at 20 ms: 100 MB/s), so raise it for a distant broker.
     */
    maxInFlightBytes: z
      .number()
      .int()
      .min(MiB)
      .default(2 * MiB),
    /** Records per Kafka produce call; each call is cut into envelopes of `producer.maxRecordsPerMessage`. */
    maxRecordsPerSend: z.number().int().positive().default(5000),
    retryInitialMs: positiveMs(200),
    retryMaxMs: positiveMs(10_000),
    /** On shutdown, how long in-flight batches may take to be acknowledged before checkpoints are written anyway. */
    drainTimeoutMs: positiveMs(15_000),
  })
  .strict()
  .refine((p) => p.retryInitialMs <= p.retryMaxMs, {
    message: 'retryInitialMs must not exceed retryMaxMs',
    path: ['retryInitialMs'],
  })
  .prefault({});

export const TopicsConfig = z
  .object({
    /** Create the raw-logs and dead-letter topics at start when they are missing. */
    create: z.boolean().default(true),
    partitions: z.number().int().positive().default(6),
    replicationFactor: z.number().int().min(-1).default(-1),
  })
  .strict()
  .prefault({});

export const CollectorLogsConfig = z
  .object({
    kafka: KafkaConnectionConfig,
    topicPrefix: TopicPrefixConfig,
    topics: TopicsConfig,
    producer: ProducerSettings.prefault({}),
    /** `kubernetes.node.name` of every record; defaults to the NODE_NAME environment variable, else the host name. */
    nodeName: z.string().min(1).optional(),
    discovery: DiscoveryConfig,
    read: ReadConfig,
    decode: DecodeConfig,
    checkpoint: CheckpointConfig,
    publish: PublishConfig,
    telemetry: TelemetryConfig,
  })
  .strict();
export type CollectorLogsConfig = z.output<typeof CollectorLogsConfig>;
export type CollectorLogsConfigInput = z.input<typeof CollectorLogsConfig>;
