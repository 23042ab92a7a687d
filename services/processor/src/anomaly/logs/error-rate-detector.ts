import { MinuteRate, type RateConfig, type RateDetection } from './minute-rate';

export const ERROR_RATE_DETECTOR = 'log-error-rate';

export const DEFAULT_ERROR_RATE_CONFIG: RateConfig = Object.freeze({
  alpha: 0.1,
  warmupMinutes: 15,
  minCount: 10,
  sensitivity: 4,
  maxGapMinutes: 120,
});

/**
 * Error-rate spikes of one workload: records at level error or above per minute against the workload's own baseline.
 * State per workload is a RateState (plain JSON); feed it with `advance(state, minute)` for every record's minute and
 * `add(state)` for each error record.
 */
export class ErrorRateDetector extends MinuteRate {
  readonly name = ERROR_RATE_DETECTOR;

  constructor(config: Partial<RateConfig> = {}) {
    super({ ...DEFAULT_ERROR_RATE_CONFIG, ...config });
  }

  describe(detection: RateDetection): string {
    const expected = `expected at most ${Math.round(detection.expected.upper)}`;
    if (detection.status === 'resolved') {
      return `error rate back to normal: ${detection.value} error records in a minute (${expected})`;
    }
    return `error rate spike: ${detection.value} error records in one minute, ${expected} from this workload's baseline`;
  }
}
