import { Counter, Histogram, type Registry } from 'prom-client';

/** Counted by the framework for every processor (labels `processor` = instance name, `pipeline`). */
export interface ProcessorMetrics {
  recordsIn: Counter<'processor' | 'pipeline'>;
  recordsOut: Counter<'processor' | 'pipeline'>;
  dropped: Counter<'processor' | 'pipeline'>;
  errors: Counter<'processor' | 'pipeline'>;
  duration: Histogram<'processor' | 'pipeline'>;
  /** Records written to the dead-letter topic, after Kafka acknowledged them. */
  deadLetters: Counter<'pipeline' | 'reason'>;
  published: Counter<'pipeline'>;
  anomalies: Counter<'pipeline'>;
}

const LABELS = ['processor', 'pipeline'] as const;

/** Registers the processor metrics on a service registry; call once per registry. */
export function createProcessorMetrics(registry: Registry): ProcessorMetrics {
  const registers = [registry];
  return {
    recordsIn: new Counter({
      name: 'daytwo_processor_records_in_total',
      help: 'Records given to a processor',
      labelNames: LABELS,
      registers,
    }),
    recordsOut: new Counter({
      name: 'daytwo_processor_records_out_total',
      help: 'Records a processor passed on (fan-out included)',
      labelNames: LABELS,
      registers,
    }),
    dropped: new Counter({
      name: 'daytwo_processor_records_dropped_total',
      help: 'Records a processor dropped, net of fan-out (in - errors - out, per batch, at least 0)',
      labelNames: LABELS,
      registers,
    }),
    errors: new Counter({
      name: 'daytwo_processor_records_errors_total',
      help: 'Records a processor failed on (dead-lettered)',
      labelNames: LABELS,
      registers,
    }),
    duration: new Histogram({
      name: 'daytwo_processor_duration_seconds',
      help: 'Time a processor spent on one batch, failure isolation included',
      labelNames: LABELS,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    deadLetters: new Counter({
      name: 'daytwo_processor_dead_letter_total',
      help: 'Records written to the dead-letter topic, by reason',
      labelNames: ['pipeline', 'reason'],
      registers,
    }),
    published: new Counter({
      name: 'daytwo_processor_published_records_total',
      help: 'Records written to the output topic and acknowledged',
      labelNames: ['pipeline'],
      registers,
    }),
    anomalies: new Counter({
      name: 'daytwo_processor_anomalies_published_total',
      help: 'Anomaly events written to the anomaly topic and acknowledged',
      labelNames: ['pipeline'],
      registers,
    }),
  };
}
