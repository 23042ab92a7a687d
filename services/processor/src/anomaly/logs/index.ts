export {
  MINUTE_MS,
  minuteOf,
  MinuteRate,
  RateState,
  type RateBand,
  type RateConfig,
  type RateDetection,
} from './minute-rate';
export { DEFAULT_ERROR_RATE_CONFIG, ERROR_RATE_DETECTOR, ErrorRateDetector } from './error-rate-detector';
export {
  DEFAULT_TEMPLATE_BURST_CONFIG,
  TEMPLATE_BURST_DETECTOR,
  TemplateBurstDetector,
} from './template-burst-detector';
export {
  DEFAULT_NEW_TEMPLATE_CONFIG,
  NEW_TEMPLATE_DETECTOR,
  NewTemplateDetector,
  NewTemplateStateJson,
  type NewTemplateConfig,
  type NewTemplateDetection,
  type NewTemplateState,
} from './new-template-detector';
export { ownerFromPodName, workloadOf, type WorkloadIdentity } from './workload-identity';
