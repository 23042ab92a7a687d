// The log side of the sink. Exported by name (not `export *`) so that the metrics side can add its own retry and
// writer helpers to the package without clashing.
export {
  ElasticsearchAuthConfig,
  ElasticsearchBulkConfig,
  ElasticsearchConfig,
  ElasticsearchIndexConfig,
  ElasticsearchRetryConfig,
  type ElasticsearchConfigInput,
} from './config';
export { createElasticsearchClient, elasticsearchClientOptions, isClusterHealthy } from './client';
export {
  chooseIndexMode,
  detectDataStreamSupport,
  type ConfiguredIndexMode,
  type DataStreamSupport,
} from './cluster-capabilities';
export * from './index-naming';
export * from './anomaly-naming';
export { anomalyMappings, deadLetterMappings, logMappings, type LogMappingOptions } from './mappings';
export {
  anomalyTemplate,
  deadLetterTemplate,
  installAnomalyTemplates,
  installTemplates,
  logTemplate,
  type IndexTemplateOptions,
  type TemplateOptions,
} from './template';
export {
  boundedDocumentId,
  BulkEncodeError,
  bulkBody,
  chunkItems,
  encodeCreate,
  type BulkItem,
  type BulkLimits,
} from './bulk-encoder';
export {
  classifyBulkItem,
  classifyBulkResponse,
  classifyRequestError,
  type FailureResult,
  type RequestErrorClass,
  type RetryableResult,
  type WriteResult,
} from './write-result';
export { BulkWriter, type BulkWriterOptions, type WriterLogger } from './bulk-writer';
export { BulkBatcher, type BatchingOptions } from './bulk-batcher';
export {
  ElasticsearchUnavailableError,
  writeWithRetry as esWriteWithRetry,
  type RetryPolicy as EsRetryPolicy,
} from './retry';
export {
  DEAD_LETTER_STAGE as ES_DEAD_LETTER_STAGE,
  DeadLetterIndex,
  DeadLetterRejectedError,
  deadLetterDocument,
  deadLetterId,
  type LogDeadLetter,
} from './dead-letter-index';
export {
  RecordStore,
  schemaProblems,
  SINK_DEAD_LETTER_REASONS,
  type RecordEncoding,
  type RecordItemRef,
  type RecordRoute,
  type RecordStoreOptions,
  type StoreReport,
} from './record-store';
export { LogStore, logEncoding, type LogItemRef, type LogStoreOptions } from './log-store';
export { AnomalyStore, anomalyEncoding, type AnomalyStoreOptions } from './anomaly-store';
export {
  ANOMALY_METRICS,
  elasticsearchMetrics,
  LOG_METRICS,
  type ElasticsearchMetrics,
  type MetricsSubject,
} from './metrics';
export { LOGS_READINESS, startLogsPipeline, type LogsPipelineOptions } from './logs-pipeline';
export { ANOMALIES_READINESS, startAnomaliesPipeline, type AnomaliesPipelineOptions } from './anomalies-pipeline';
