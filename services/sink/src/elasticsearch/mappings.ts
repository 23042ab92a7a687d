import type { estypes } from '@elastic/elasticsearch';

type Property = estypes.MappingProperty;

export interface LogMappingOptions {
  /** `match_only_text` saves disk on full clusters; the local test build only has `text`. */
  messageType: 'text' | 'match_only_text';
}

const keyword = (ignoreAbove = 1024): Property => ({ type: 'keyword', ignore_above: ignoreAbove });
// Map keys of labels, annotations and parsed bodies are user data: `flattened` indexes them all as one field, so
// `app` next to `app.kubernetes.io/name` (an object vs. a value under dynamic mapping) can never conflict, and
// thousands of distinct keys do not grow the mapping.
const flattened = (): Property => ({ type: 'flattened', ignore_above: 1024 });
const object = (properties: Record<string, Property>): Property => ({ properties });

/**
 * ECS-compatible mapping of a LogRecord. `dynamic: false`: fields the schema does not know stay in `_source` (visible
 * in Kibana) but are not indexed, so they neither explode nor conflict with the mapping.
 */
export function logMappings(options: LogMappingOptions): estypes.MappingTypeMapping {
  return {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date_nanos' },
      message: { type: options.messageType },
      schema_version: { type: 'short' },
      stream: keyword(),
      log: object({
        level: keyword(),
        file: object({ path: keyword() }),
        offset: { type: 'long' },
        flags: keyword(),
      }),
      kubernetes: object({
        namespace: keyword(),
        pod: object({ name: keyword(), uid: keyword() }),
        container: object({ name: keyword(), restart_count: { type: 'integer' } }),
        node: object({ name: keyword() }),
        labels: flattened(),
        annotations: flattened(),
        workload: object({ kind: keyword(), name: keyword() }),
      }),
      host: object({ name: keyword() }),
      event: object({
        id: keyword(512),
        dataset: keyword(),
        template: { type: 'text', fields: { keyword: keyword(2048) } },
        template_id: keyword(),
        ingested: { type: 'date_nanos' },
      }),
      attributes: flattened(),
      labels: flattened(),
      tags: keyword(),
      data_stream: object({ type: keyword(), dataset: keyword(), namespace: keyword() }),
    },
  };
}

/**
 * The dead-letter index: the failed record is one string (`raw`), searchable as text but never mapped as an object,
 * so whatever made it fail cannot make its dead-letter entry fail too.
 */
export function deadLetterMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date' },
      reason: keyword(),
      error: { type: 'text', fields: { keyword: keyword(1024) } },
      error_type: keyword(),
      status: { type: 'short' },
      stage: keyword(),
      target_index: keyword(),
      source: object({ topic: keyword(), partition: { type: 'integer' }, offset: { type: 'long' } }),
      record_id: keyword(512),
      raw: { type: 'text' },
      raw_encoding: keyword(),
      raw_bytes: { type: 'long' },
      raw_truncated: { type: 'boolean' },
    },
  };
}

/**
 * Mapping of an AnomalyEvent (`dynamic: false`, like the logs). What Kibana filters and aggregates on is `keyword`;
 * `series.labels` is user-keyed, hence `flattened`; measurements are `float`.
 */
export function anomalyMappings(): estypes.MappingTypeMapping {
  const float: Property = { type: 'float' };
  return {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date' },
      schema_version: { type: 'short' },
      id: keyword(512),
      source: keyword(),
      detector: keyword(),
      status: keyword(),
      score: float,
      reason: { type: 'text', fields: { keyword: keyword(1024) } },
      workload: object({ namespace: keyword(), kind: keyword(), name: keyword() }),
      pod: keyword(),
      series: object({ name: keyword(), labels: flattened() }),
      value: float,
      expected: object({ lower: float, upper: float }),
      template: object({
        id: keyword(),
        text: { type: 'text', fields: { keyword: keyword(2048) } },
        example: { type: 'text' },
      }),
    },
  };
}
