import type { LogRecord } from '@daytwo/core';
import { DEFAULT_TEMPLATE_SOURCE, type TemplateMiner } from './template-miner';

/**
 * The source a record's templates are mined under: its dataset when set, else namespace/workload/container, which
 * every replica of a workload shares (pod names would give each replica its own templates and ids).
 */
export function templateSourceOf(record: LogRecord): string {
  if (record.event.dataset !== undefined && record.event.dataset !== '') return record.event.dataset;
  const k8s = record.kubernetes;
  const parts = [k8s?.namespace, k8s?.workload?.name, k8s?.container?.name].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return parts.length === 0 ? DEFAULT_TEMPLATE_SOURCE : parts.join('/');
}

/** The record with `event.template` and `event.template_id` set from its message; the input is not changed. */
export function withTemplate(miner: TemplateMiner, record: LogRecord): LogRecord {
  const result = miner.mine(record.message, templateSourceOf(record));
  return { ...record, event: { ...record.event, template: result.template, template_id: result.templateId } };
}
