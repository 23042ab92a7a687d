import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface RemoteWriteMetrics {
  samplesWritten: Counter;
  requests: Counter<'status'>;
  retries: Counter<'status'>;
  deadLettered: Counter<'reason'>;
  queueSamples: Gauge<'shard'>;
  requestDuration: Histogram;
  watermarkDrops: Counter;
  recoveries: Counter<'when' | 'resolution'>;
  stateErrors: Counter<'operation'>;
}

/** The metrics side's metrics on `registry` (the service's, from core); a private registry when none is given. */
export function remoteWriteMetrics(registry: Registry = new Registry()): RemoteWriteMetrics {
  const registers = [registry];
  return {
    samplesWritten: new Counter({
      name: 'daytwo_sink_remote_write_samples_written_total',
      help: 'Samples stored by the remote-write endpoint',
      registers,
    }),
    requests: new Counter({
      name: 'daytwo_sink_remote_write_requests_total',
      help: 'Remote-write requests by HTTP status (network_error: no answer)',
      labelNames: ['status'],
      registers,
    }),
    retries: new Counter({
      name: 'daytwo_sink_remote_write_retries_total',
      help: 'Remote-write requests sent again, by the status that made them retry',
      labelNames: ['status'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'daytwo_sink_remote_write_dead_letter_total',
      help: 'Metric records written to the dead-letter topic instead, by reason',
      labelNames: ['reason'],
      registers,
    }),
    queueSamples: new Gauge({
      name: 'daytwo_sink_remote_write_shard_queue_samples',
      help: 'Samples waiting in a shard, not yet in a request',
      labelNames: ['shard'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'daytwo_sink_remote_write_request_duration_seconds',
      help: 'Latency of remote-write requests (each attempt)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    watermarkDrops: new Counter({
      name: 'daytwo_sink_remote_write_watermark_drops_total',
      help: 'Samples not sent because their series already holds a sample at or after their timestamp (redelivery)',
      registers,
    }),
    recoveries: new Counter({
      name: 'daytwo_sink_remote_write_intent_resolutions_total',
      help: 'Unconfirmed requests checked against Prometheus (after a restart or a lost answer), by outcome',
      labelNames: ['when', 'resolution'],
      registers,
    }),
    stateErrors: new Counter({
      name: 'daytwo_sink_remote_write_state_errors_total',
      help: 'Failed calls to the watermark state (Redis) or the query endpoint; retried',
      labelNames: ['operation'],
      registers,
    }),
  };
}
