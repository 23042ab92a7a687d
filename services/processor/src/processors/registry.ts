import type { ProcessorDefinition } from '@daytwo/processor-api';
import { filter } from './filter/filter';
import { kubernetesMetadata } from './kubernetes-metadata/kubernetes-metadata';
import { logAnomalies } from './log-anomalies/log-anomalies';
import { logTemplates } from './log-templates/log-templates';
import { metricAnomalies } from './metric-anomalies/metric-anomalies';
import { normalize } from './normalize/normalize';
import { parseJson } from './parse-json/parse-json';
import { parseLogfmt } from './parse-logfmt/parse-logfmt';
import { redact } from './redact/redact';
import { relabel } from './relabel/relabel';

/**
 * Every built-in processor, and the only place they are listed: add a new one here. User processors come from the
 * `plugins` config key instead.
 */
export const BUILTIN_PROCESSORS: readonly ProcessorDefinition[] = [
  parseJson,
  parseLogfmt,
  normalize,
  filter,
  relabel,
  logTemplates,
  logAnomalies,
  metricAnomalies,
  kubernetesMetadata,
  redact,
] as readonly ProcessorDefinition[];
