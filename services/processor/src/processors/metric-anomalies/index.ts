export { DEFAULT_METRIC_THRESHOLD, DETECTABLE_TYPES, MetricAnomaliesConfig, type DetectableType } from './config';
export {
  createMetricAnomalies,
  metricAnomalies,
  type MetricAnomaliesProcessor,
  type MetricAnomaliesStats,
} from './metric-anomalies';
export { quantileSuffix } from './series-unit';
export { workloadOfSeries } from './series-workload';
export { seriesStateKey, SeriesStateError } from './unit-json';
