export interface DetectorConfig {
  /** Recent values, differences and seasonal residuals kept for the rank statistics (memory per series). */
  historySize: number;
  /** Samples seen before any score above 0 is produced. */
  warmup: number;
  /** Span (samples) of the exponential moving average scored as a view (sustained shifts in noisy series); 1 = off. */
  smoothSpan: number;
  /** Memory (samples) of the long-term range, and the cap on the level surprise of a value inside it. */
  longMemory: number;
  levelCapInRange: number;
  /** Weight of the second most surprising view added to the most surprising one. */
  corroboration: number;
  /** Weight of the log-excess beyond the range seen in the history. */
  extension: number;
  /**
   * Time constant (samples) of the alert level: after an alert only a higher surprise alerts again, and that bar
   * decays with this time constant, so one event yields one alert.
   */
  suppression: number;
  /** After an alert the bar starts this many nats above it (then decays with `suppression`). */
  alertMargin: number;
  /** Time constant (samples) of the record surprise this series has shown; alerts must beat `memoryRatio` of it. */
  memory: number;
  memoryRatio: number;
  /** Surprise level whose exceedance rate calibrates each series, and the time constant of that rate. */
  tailLevel: number;
  tailMemory: number;
  tailWeight: number;
  /** Shortest and longest season searched, in samples. */
  minPeriod: number;
  maxPeriod: number;
  /** A lag is a season when its mean |x[t] - x[t-lag]| is at most this fraction of that at half the lag. */
  seasonRatio: number;
  /**
   * Shape view: how new the shape of the last `shapeWindow` samples (averaged to `shapePoints` points) is against
   * `shapePrototypes` learned shapes, a window within `shapeVigilance` typical spreads (RMS per point) of one being
   * familiar. Its surprise counts `shapeWeight` times; 0 = off.
   */
  shapeWeight: number;
  shapeWindow: number;
  shapePoints: number;
  shapePrototypes: number;
  shapeVigilance: number;
  /**
   * A sample more than this many typical sampling intervals after the previous one follows a gap (missed scrapes, a
   * target that was down): its change from the previous sample and its seasonal residual are neither scored nor
   * learned, since both compare by position and a jump across a gap is not a one-step change. 0 = off.
   */
  gapIntervals: number;
}

/** Keys added after states were first saved: a saved config without them gets the defaults. */
export const OPTIONAL_CONFIG_KEYS: ReadonlySet<keyof DetectorConfig> = new Set([
  'shapeWeight',
  'shapeWindow',
  'shapePoints',
  'shapePrototypes',
  'shapeVigilance',
  'gapIntervals',
]);

export const DEFAULT_DETECTOR_CONFIG: Readonly<DetectorConfig> = Object.freeze({
  historySize: 1024,
  warmup: 150,
  smoothSpan: 16,
  longMemory: 5000,
  levelCapInRange: 4,
  corroboration: 0.5,
  extension: 2,
  suppression: 100,
  alertMargin: 2,
  memory: 1000,
  memoryRatio: 0.9,
  tailLevel: 6,
  tailMemory: 2000,
  tailWeight: 1,
  minPeriod: 8,
  maxPeriod: 512,
  seasonRatio: 0.3,
  shapeWeight: 0.7,
  shapeWindow: 16,
  shapePoints: 8,
  shapePrototypes: 64,
  shapeVigilance: 2,
  gapIntervals: 4,
});

/** A detector configuration value is missing or out of range; `key` names it. */
export class DetectorConfigError extends Error {
  override name = 'DetectorConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`detector config ${key}: ${message}`);
  }
}

function integerAtLeast(config: DetectorConfig, key: keyof DetectorConfig, min: number): void {
  const v = config[key];
  if (!Number.isInteger(v) || v < min) throw new DetectorConfigError(key, `expected an integer >= ${min}, got ${v}`);
}

/** Fills defaults and fails fast on the first invalid key. */
export function resolveDetectorConfig(partial: Partial<DetectorConfig> = {}): DetectorConfig {
  const config: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...partial };
  integerAtLeast(config, 'historySize', 8);
  integerAtLeast(config, 'warmup', 0);
  integerAtLeast(config, 'smoothSpan', 1);
  integerAtLeast(config, 'minPeriod', 2);
  integerAtLeast(config, 'maxPeriod', config.minPeriod);
  integerAtLeast(config, 'shapePoints', 1);
  integerAtLeast(config, 'shapeWindow', config.shapePoints);
  integerAtLeast(config, 'shapePrototypes', 1);
  if (config.shapeWindow > config.historySize) {
    throw new DetectorConfigError('shapeWindow', `must not exceed historySize (${config.historySize})`);
  }
  if (config.maxPeriod > config.historySize) {
    throw new DetectorConfigError('maxPeriod', `must not exceed historySize (${config.historySize})`);
  }
  for (const key of [
    'alertMargin',
    'corroboration',
    'extension',
    'seasonRatio',
    'memoryRatio',
    'tailLevel',
    'tailWeight',
    'shapeWeight',
    'shapeVigilance',
    'gapIntervals',
  ] as const) {
    const v = config[key];
    if (!Number.isFinite(v) || v < 0) throw new DetectorConfigError(key, `expected a finite number >= 0, got ${v}`);
  }
  for (const key of ['suppression', 'memory', 'tailMemory', 'longMemory'] as const) {
    const v = config[key];
    if (!Number.isFinite(v) || v < 1) throw new DetectorConfigError(key, `expected a finite number >= 1, got ${v}`);
  }
  return config;
}
