import type { ProcessorLogger, ProcessorStateStore } from '@daytwo/processor-api';
import { PersistedPool } from '../shared/persisted-pool';
import { SeriesUnit, type UnitRules } from './series-unit';
import { decodeUnitState, encodeUnitState, seriesStateKey, storedUnitClock } from './unit-json';

export type UnitPool = PersistedPool<SeriesUnit>;

/**
 * The series units in memory, at most `maxSeries` detectors (least recently updated units evicted), each loaded from
 * the state store when its series shows up and written back when changed. A write first reads the stored copy: when
 * that one is further on in event time (another replica has the series now), it is adopted instead of overwritten.
 */
export function createUnitPool(
  store: ProcessorStateStore,
  logger: ProcessorLogger,
  rules: UnitRules,
  maxSeries: number,
): UnitPool {
  return new PersistedPool<SeriesUnit>(store, logger, {
    processor: 'metric-anomalies',
    noun: 'series',
    maxWeight: maxSeries,
    storeKey: seriesStateKey,
    encode: (unit) => encodeUnitState(unit.toJSON()),
    decode: (text, key) => SeriesUnit.fromJSON(decodeUnitState(text, key), rules),
    weight: (unit) => unit.size,
    reconcile: (stored, mine) => {
      // Only a stored copy further on is restored (and adopted): the usual write reads just its clock.
      const storedClock = storedUnitClock(stored.text);
      const further = storedClock !== undefined && storedClock > (mine.clock ?? -Infinity);
      const copy = further ? stored.read() : undefined;
      return copy === undefined ? { write: mine } : { adopt: copy };
    },
  });
}
