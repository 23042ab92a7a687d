export { relabel, hashmod, dropInternalLabels } from './relabel';
export {
  RelabelConfigSchema,
  RelabelConfigError,
  parseRelabelConfigs,
  RELABEL_ACTIONS,
  type RelabelAction,
  type RelabelConfig,
  type RelabelConfigInput,
} from './relabel-config';
export { isValidLabelName } from './label-name';
