import { MinuteRate, type RateConfig, type RateDetection } from './minute-rate';

export const TEMPLATE_BURST_DETECTOR = 'log-template-burst';

export const DEFAULT_TEMPLATE_BURST_CONFIG: RateConfig = Object.freeze({
  alpha: 0.1,
  warmupMinutes: 10,
  minCount: 30,
  sensitivity: 5,
  maxGapMinutes: 120,
});

/**
 * A sudden burst of one template: its records per minute against that template's own baseline in the workload. State
 * per (workload, template) is a RateState (plain JSON); a template first seen starts warming up then, so a brand-new
 * template is the new-template detector's case, not a burst.
 */
export class TemplateBurstDetector extends MinuteRate {
  readonly name = TEMPLATE_BURST_DETECTOR;

  constructor(config: Partial<RateConfig> = {}) {
    super({ ...DEFAULT_TEMPLATE_BURST_CONFIG, ...config });
  }

  describe(detection: RateDetection): string {
    const expected = `expected at most ${Math.round(detection.expected.upper)}`;
    if (detection.status === 'resolved') {
      return `template burst over: ${detection.value} records of this template in a minute (${expected})`;
    }
    return `template burst: ${detection.value} records of one template in one minute, ${expected} from its baseline`;
  }
}
