import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Values read at scrape time from the running collector. */
export interface CollectorGauges {
  filesWatched(): number;
  checkpointLagBytes(): number;
  inFlightBytes(): number;
}

/** The collector's own metrics (Kafka producer metrics come from the core producer). */
export class CollectorMetrics {
  readonly linesRead: Counter;
  readonly bytesRead: Counter;
  readonly recordsPublished: Counter;
  readonly deadLetters: Counter<'reason'>;
  readonly flaggedLines: Counter<'flag'>;
  readonly publishLatency: Histogram;
  readonly publishRetries: Counter;
  readonly rotations: Counter<'kind'>;
  readonly checkpointWrites: Counter<'result'>;
  private gauges: CollectorGauges = { filesWatched: () => 0, checkpointLagBytes: () => 0, inFlightBytes: () => 0 };

  constructor(registry: Registry) {
    const registers = [registry];
    this.linesRead = new Counter({
      name: 'daytwo_collector_logs_lines_read_total',
      help: 'Physical lines read from container log files',
      registers,
    });
    this.bytesRead = new Counter({
      name: 'daytwo_collector_logs_bytes_read_total',
      help: 'Bytes read from container log files',
      registers,
    });
    this.recordsPublished = new Counter({
      name: 'daytwo_collector_logs_records_published_total',
      help: 'Log records acknowledged by Kafka',
      registers,
    });
    this.deadLetters = new Counter({
      name: 'daytwo_collector_logs_dead_letter_total',
      help: 'Lines written to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.flaggedLines = new Counter({
      name: 'daytwo_collector_logs_flagged_lines_total',
      help: 'Records that carry a flag (truncated, invalid_utf8, multiline, partial_reassembled)',
      labelNames: ['flag'],
      registers,
    });
    this.publishLatency = new Histogram({
      name: 'daytwo_collector_logs_publish_latency_seconds',
      help: 'Time from sending a batch to Kafka until it was acknowledged, retries included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.publishRetries = new Counter({
      name: 'daytwo_collector_logs_publish_retries_total',
      help: 'Failed publish attempts that were retried',
      registers,
    });
    this.rotations = new Counter({
      name: 'daytwo_collector_logs_rotations_total',
      help: 'Files that were rotated or removed while being read, by kind (moved, copytruncate)',
      labelNames: ['kind'],
      registers,
    });
    this.checkpointWrites = new Counter({
      name: 'daytwo_collector_logs_checkpoint_writes_total',
      help: 'Writes of the checkpoint file, by result',
      labelNames: ['result'],
      registers,
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('daytwo_collector_logs_files_watched', 'Files being read', () => this.gauges.filesWatched());
    gauge(
      'daytwo_collector_logs_checkpoint_lag_bytes',
      'Bytes in watched files beyond their acknowledged checkpoints',
      () => this.gauges.checkpointLagBytes(),
    );
    gauge('daytwo_collector_logs_inflight_bytes', 'Bytes read and not yet acknowledged by Kafka', () =>
      this.gauges.inFlightBytes(),
    );
  }

  /** Connects the scrape-time gauges to the running collector. */
  observe(gauges: CollectorGauges): void {
    this.gauges = gauges;
  }
}
