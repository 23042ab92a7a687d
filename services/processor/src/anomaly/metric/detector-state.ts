import type { DetectorConfig } from './config';
import { DEFAULT_DETECTOR_CONFIG, OPTIONAL_CONFIG_KEYS } from './config';
import type { PeriodFinderState } from './period-finder';
import type { ShapeMemoryState } from './shape';

/** JSON form of a detector, written by `toJSON()` so a detector survives restarts. */
export interface DetectorState {
  version: 1;
  config: DetectorConfig;
  n: number;
  average: number | null;
  alertLevel: number;
  record: number;
  tailRate: number;
  lastTimestamp: number | null;
  values: number[];
  diffs: number[];
  residuals: number[];
  averages: number[];
  periods: PeriodFinderState;
  longRange: { min: number; max: number } | null;
  /** Absent in states saved before the shape view existed (or with it off). */
  shape?: { memory: ShapeMemoryState; distances: number[] };
  /** Recent sampling intervals; absent in states saved before gaps were told apart. */
  intervals?: number[];
}

/** Saved detector state that cannot be restored; `field` names the offending field. */
export class DetectorStateError extends Error {
  override name = 'DetectorStateError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`detector state ${field}: ${message}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finiteNumber(obj: Record<string, unknown>, field: string, path: string): number {
  const v = obj[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DetectorStateError(path, 'expected a finite number');
  return v;
}

function numberArray(obj: Record<string, unknown>, field: string, path: string): number[] {
  const v = obj[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new DetectorStateError(path, 'expected an array of finite numbers');
  }
  return v as number[];
}

function parseShape(v: unknown): DetectorState['shape'] {
  if (v === undefined) return undefined;
  if (!isRecord(v) || !isRecord(v.memory)) throw new DetectorStateError('shape', 'expected an object with memory');
  const m = v.memory;
  return {
    memory: {
      prototypes: numberArray(m, 'prototypes', 'shape.memory.prototypes'),
      hits: numberArray(m, 'hits', 'shape.memory.hits'),
      lastUsed: numberArray(m, 'lastUsed', 'shape.memory.lastUsed'),
      scale: finiteNumber(m, 'scale', 'shape.memory.scale'),
      windows: finiteNumber(m, 'windows', 'shape.memory.windows'),
    },
    distances: numberArray(v, 'distances', 'shape.distances'),
  };
}

function parseRange(v: unknown): { min: number; max: number } | null {
  if (v === null) return null;
  if (!isRecord(v)) throw new DetectorStateError('longRange', 'expected an object or null');
  return { min: finiteNumber(v, 'min', 'longRange.min'), max: finiteNumber(v, 'max', 'longRange.max') };
}

export function parseDetectorState(json: unknown): DetectorState {
  if (!isRecord(json)) throw new DetectorStateError('(root)', 'expected an object');
  if (json.version !== 1) throw new DetectorStateError('version', `unsupported version ${String(json.version)}`);
  if (!isRecord(json.config)) throw new DetectorStateError('config', 'expected an object');
  const config = { ...DEFAULT_DETECTOR_CONFIG };
  for (const key of Object.keys(DEFAULT_DETECTOR_CONFIG) as (keyof DetectorConfig)[]) {
    if (OPTIONAL_CONFIG_KEYS.has(key) && json.config[key] === undefined) continue;
    config[key] = finiteNumber(json.config, key, `config.${key}`);
  }
  if (!isRecord(json.periods)) throw new DetectorStateError('periods', 'expected an object');
  const nullable = (field: string) => (json[field] === null ? null : finiteNumber(json, field, field));
  return {
    version: 1,
    config,
    n: finiteNumber(json, 'n', 'n'),
    average: nullable('average'),
    alertLevel: finiteNumber(json, 'alertLevel', 'alertLevel'),
    record: finiteNumber(json, 'record', 'record'),
    tailRate: finiteNumber(json, 'tailRate', 'tailRate'),
    lastTimestamp: nullable('lastTimestamp'),
    values: numberArray(json, 'values', 'values'),
    diffs: numberArray(json, 'diffs', 'diffs'),
    residuals: numberArray(json, 'residuals', 'residuals'),
    averages: numberArray(json, 'averages', 'averages'),
    periods: {
      amdf: numberArray(json.periods, 'amdf', 'periods.amdf'),
      period: finiteNumber(json.periods, 'period', 'periods.period'),
      strength: finiteNumber(json.periods, 'strength', 'periods.strength'),
    },
    longRange: parseRange(json.longRange),
    shape: parseShape(json.shape),
    ...(json.intervals === undefined ? {} : { intervals: numberArray(json, 'intervals', 'intervals') }),
  };
}
