// The metrics side of the sink: Prometheus remote write with crash-safe per-series watermarks.
export * from './float64-bits';
export * from './remote-write-encoder';
export * from './remote-write-decoder';
export {
  RemoteWriteAuthConfig,
  RemoteWriteConfig,
  RemoteWriteTlsConfig,
  SinkRedisConfig,
  SinkStateConfig,
  type RemoteWriteConfigInput,
} from './config';
export { HttpEndpoint, RemoteWriteConfigError, type HttpEndpointOptions } from './http-endpoint';
export {
  LastSampleQuery,
  lastSampleQueryUrl,
  newestSampleTime,
  PrometheusQueryError,
  UnanswerableQueryError,
} from './last-sample-query';
export * from './series';
export * from './watermark-decision';
export * from './write-outcome';
export * from './split-on-rejection';
export { SeriesStateStore, SeriesStateError, type SeriesRef, type StoredSeriesState } from './series-state-store';
export { SeriesWatermarks, type TrackedSeries } from './series-watermarks';
export { remoteWriteMetrics, type RemoteWriteMetrics } from './remote-write-metrics';
export { MetricStore, type MetricWriteReport } from './metric-store';
export { REMOTE_WRITE_DEAD_LETTER_REASONS, type SampleRejection } from './write-ticket';
export { METRICS_READINESS, startMetricsPipeline, type MetricsPipelineOptions } from './metrics-pipeline';
