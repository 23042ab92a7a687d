export {
  DEFAULT_TEMPLATE_MINER_CONFIG,
  TemplateMinerConfig,
  TemplateMinerConfigError,
  parseTemplateMinerConfig,
  type SourceOverride,
} from './config';
export { Masker, WILDCARD, type MaskPattern } from './masking';
export { templateId } from './template-id';
export { TEMPLATE_SNAPSHOT_VERSION, TemplateSnapshot, TemplateSnapshotError } from './snapshot';
export { DEFAULT_TEMPLATE_SOURCE, TemplateMiner, type MineResult, type TemplateMinerStats } from './template-miner';
export { scoreGrouping, type GroupingScore } from './grouping-metrics';
export { templateSourceOf, withTemplate } from './template-record';
