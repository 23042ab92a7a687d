import { parsePrometheusText } from './prometheus-text';
import { stageFigures } from './stage-figures';

describe('stageFigures', () => {
  it('reads the sink: Elasticsearch and remote write, with dead letters, errors and duplicates', () => {
    const samples = parsePrometheusText(
      [
        'daytwo_kafka_consumed_records_total{topic="p.daytwo.logs.enriched"} 100',
        'daytwo_kafka_consumed_records_total{topic="p.daytwo.metrics.processed"} 50',
        'daytwo_kafka_consumed_records_total{topic="other.daytwo.logs.enriched"} 999',
        'daytwo_sink_es_docs_written_total 97',
        'daytwo_sink_es_duplicates_total 2',
        'daytwo_sink_es_dead_letter_total{reason="timestamp_invalid"} 1',
        'daytwo_sink_es_bulk_requests_total{result="ok"} 10',
        'daytwo_sink_es_bulk_requests_total{result="error"} 1',
        'daytwo_sink_remote_write_samples_written_total 50',
        'daytwo_sink_remote_write_requests_total{status="204"} 5',
        'daytwo_sink_remote_write_requests_total{status="503"} 2',
      ].join('\n'),
    );
    expect(stageFigures('sink', samples, 'p')).toEqual([
      {
        stage: 'sink/elasticsearch-logs',
        service: 'sink',
        in: 100,
        out: 97,
        deadLetters: { timestamp_invalid: 1 },
        errors: { 'bulk errors': 1 },
        notes: { duplicates: 2 },
      },
      {
        stage: 'sink/elasticsearch-anomalies',
        service: 'sink',
        in: 0,
        out: 0,
        deadLetters: {},
        errors: {},
        notes: {},
      },
      {
        stage: 'sink/remote-write',
        service: 'sink',
        in: 50,
        out: 50,
        deadLetters: {},
        errors: { 'failed requests': 2 },
        notes: {},
      },
    ]);
  });

  it('reads the alerter: queued and failed deliveries, zeros included', () => {
    const samples = parsePrometheusText(
      [
        'daytwo_alerter_deliveries_total{destination="am",outcome="ok"} 3',
        'daytwo_alerter_queue_jobs{destination="am",state="waiting"} 1',
        'daytwo_alerter_queue_jobs{destination="am",state="delayed"} 2',
        'daytwo_alerter_queue_jobs{destination="am",state="failed"} 0',
      ].join('\n'),
    );
    expect(stageFigures('alerter', samples, '')[0]).toMatchObject({
      out: 3,
      notes: { alerts: 0, queued: 3, 'failed deliveries': 0 },
    });
  });
});
