// The log side of the sink. Exported by name (not `export *`) so that the metrics side can add its own retry and
// writer helpers to the package without clashing.
export {
  ElasticsearchAuthConfig,
  ElasticsearchBulkConfig,
  ElasticsearchConfig,
  ElasticsearchIndexConfig,
  ElasticsearchRetryConfig,
  ElasticsearchTlsConfig,
  type ElasticsearchConfigInput,
} from './config';
export {
  createElasticsearchClient,
  elasticsearchClientOptions,
  ElasticsearchConfigError,
  isClusterHealthy,
} from './client';
export {
  chooseIndexMode,
  detectDataStreamSupport,
  type ConfiguredIndexMode,
  type DataStreamSupport,
} from './cluster-capabilities';
export * from './index-naming';
export { deadLetterMappings, logMappings, type LogMappingOptions } from './mappings';
export { deadLetterTemplate, installTemplates, logTemplate, type TemplateOptions } from './template';
export { BulkEncodeError, bulkBody, chunkItems, encodeCreate, type BulkItem, type BulkLimits } from './bulk-encoder';
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
  LogStore,
  SINK_DEAD_LETTER_REASONS,
  type LogItemRef,
  type LogStoreOptions,
  type StoreReport,
} from './log-store';
export { elasticsearchMetrics, type ElasticsearchMetrics } from './metrics';
export { LOGS_READINESS, startLogsPipeline, type LogsPipelineOptions } from './logs-pipeline';
