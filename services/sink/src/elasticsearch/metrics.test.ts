import { Registry } from 'prom-client';
import { ANOMALY_METRICS, elasticsearchMetrics, LOG_METRICS } from './metrics';

describe('elasticsearchMetrics', () => {
  it('gives logs and anomalies their own names on one registry, the logs keeping the original ones', async () => {
    const registry = new Registry();
    const logs = elasticsearchMetrics(registry, LOG_METRICS);
    const anomalies = elasticsearchMetrics(registry, ANOMALY_METRICS);
    logs.docsWritten.inc(2);
    anomalies.docsWritten.inc(5);
    expect((await registry.getSingleMetricAsString('daytwo_sink_es_docs_written_total')).endsWith(' 2')).toBe(true);
    expect((await registry.getSingleMetricAsString('daytwo_sink_es_anomalies_docs_written_total')).endsWith(' 5')).toBe(
      true,
    );
    expect(registry.getSingleMetric('daytwo_sink_es_anomalies_dead_letter_total')).toBeDefined();
  });
});
