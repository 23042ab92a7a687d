import type { Client, estypes } from '@elastic/elasticsearch';
import {
  dailyAlias,
  dailyIndexPattern,
  dataStreamPattern,
  deadLetterIndexName,
  type IndexMode,
  type IndexNaming,
} from './index-naming';
import { anomalyAlias, anomalyDeadLetterIndexName, anomalyIndexPattern } from './anomaly-naming';
import { anomalyMappings, deadLetterMappings, logMappings, type LogMappingOptions } from './mappings';

/** What every template of the sink takes: names, priority and index settings. */
export interface IndexTemplateOptions {
  naming: Pick<IndexNaming, 'prefix'>;
  /** Above Elastic's built-in `logs` template (100), so ours wins for our patterns. */
  priority: number;
  shards: number;
  replicas: number;
  refreshInterval?: string | undefined;
}

export interface TemplateOptions extends IndexTemplateOptions, LogMappingOptions {
  naming: IndexNaming;
}

export type IndexTemplateRequest = estypes.IndicesPutIndexTemplateRequest;

function settings(options: IndexTemplateOptions): estypes.IndicesIndexSettings {
  const out: estypes.IndicesIndexSettings = {
    number_of_shards: options.shards,
    number_of_replicas: options.replicas,
  };
  if (options.refreshInterval !== undefined) out.refresh_interval = options.refreshInterval;
  return out;
}

const META = { managed_by: 'daytwo-sink' };

/** The log template for a mode: a data stream template, or daily indices that join the search alias. */
export function logTemplate(mode: IndexMode, options: TemplateOptions): IndexTemplateRequest {
  const { naming } = options;
  const mappings = logMappings(options);
  if (mode === 'data_stream') {
    return {
      name: `${naming.prefix}-logs-datastream`,
      index_patterns: [dataStreamPattern(naming)],
      priority: options.priority,
      data_stream: {},
      template: { settings: settings(options), mappings },
      _meta: META,
    };
  }
  return {
    name: `${naming.prefix}-logs`,
    index_patterns: [dailyIndexPattern(naming)],
    priority: options.priority,
    template: { settings: settings(options), mappings, aliases: { [dailyAlias(naming)]: {} } },
    _meta: META,
  };
}

/** The dead-letter index of a pipeline (the logs' by default). */
export function deadLetterTemplate(
  options: IndexTemplateOptions,
  index = deadLetterIndexName(options.naming),
): IndexTemplateRequest {
  return {
    name: index,
    index_patterns: [`${index}*`],
    priority: options.priority,
    template: { settings: settings(options), mappings: deadLetterMappings() },
    _meta: META,
  };
}

/** The anomaly indices (by month or day of the event) and the alias they join. */
export function anomalyTemplate(options: IndexTemplateOptions): IndexTemplateRequest {
  const { naming } = options;
  return {
    name: `${naming.prefix}-anomalies`,
    index_patterns: [anomalyIndexPattern(naming)],
    priority: options.priority,
    template: { settings: settings(options), mappings: anomalyMappings(), aliases: { [anomalyAlias(naming)]: {} } },
    _meta: META,
  };
}

/** Creates or updates templates; existing indices keep their mapping, new ones get the current one. */
async function putTemplates(client: Client, templates: readonly IndexTemplateRequest[]): Promise<string[]> {
  for (const template of templates) await client.indices.putIndexTemplate(template);
  return templates.map((t) => t.name);
}

/** The log template of `mode` and the logs' dead-letter template. */
export function installTemplates(client: Client, mode: IndexMode, options: TemplateOptions): Promise<string[]> {
  return putTemplates(client, [logTemplate(mode, options), deadLetterTemplate(options)]);
}

/** The anomaly template and the anomalies' dead-letter template. */
export function installAnomalyTemplates(client: Client, options: IndexTemplateOptions): Promise<string[]> {
  return putTemplates(client, [
    anomalyTemplate(options),
    deadLetterTemplate(options, anomalyDeadLetterIndexName(options.naming)),
  ]);
}
