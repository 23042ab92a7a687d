import type { Client, estypes } from '@elastic/elasticsearch';
import {
  dailyAlias,
  dailyIndexPattern,
  dataStreamPattern,
  deadLetterIndexName,
  type IndexMode,
  type IndexNaming,
} from './index-naming';
import { deadLetterMappings, logMappings, type LogMappingOptions } from './mappings';

export interface TemplateOptions extends LogMappingOptions {
  naming: IndexNaming;
  /** Above Elastic's built-in `logs` template (100), so ours wins for our patterns. */
  priority: number;
  shards: number;
  replicas: number;
  refreshInterval?: string | undefined;
}

export type IndexTemplateRequest = estypes.IndicesPutIndexTemplateRequest;

function settings(options: TemplateOptions): estypes.IndicesIndexSettings {
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

export function deadLetterTemplate(options: TemplateOptions): IndexTemplateRequest {
  const index = deadLetterIndexName(options.naming);
  return {
    name: index,
    index_patterns: [`${index}*`],
    priority: options.priority,
    template: { settings: settings(options), mappings: deadLetterMappings() },
    _meta: META,
  };
}

/** Creates or updates both templates; existing indices keep their mapping, new ones get the current one. */
export async function installTemplates(client: Client, mode: IndexMode, options: TemplateOptions): Promise<string[]> {
  const templates = [logTemplate(mode, options), deadLetterTemplate(options)];
  for (const template of templates) await client.indices.putIndexTemplate(template);
  return templates.map((t) => t.name);
}
