export { createLogTemplates, LogTemplatesConfig, logTemplates, type LogTemplatesProcessor } from './log-templates';
export { mergeSnapshots, type SnapshotMerge } from './snapshot-merge';
export { TEMPLATE_STATE_KEY, TemplateSync, type TemplateSyncStats } from './template-sync';
