import { LogAnomaliesConfig } from './config';
import { WorkloadDetectors } from './workload-detectors';
import {
  mergeWorkloadStates,
  WorkloadStateError,
  workloadStateFromJson,
  workloadStateToJson,
} from './workload-state-json';

const T0 = Date.UTC(2026, 0, 1);
const detectors = new WorkloadDetectors(LogAnomaliesConfig.parse({}));
const identity = { key: 'shop/api', workload: { namespace: 'shop', name: 'api' }, pod: 'api-x' };

function fed(templates: string[], minutes: number) {
  const state = detectors.start(identity, T0);
  for (let m = 0; m < minutes; m++) {
    for (const id of templates) {
      detectors.observe(state, {
        minute: T0 + m * 60_000,
        time: T0 + m * 60_000,
        isError: id === 'err',
        template: { id, text: `${id} <*>` },
        message: `${id} 1`,
      });
    }
  }
  return state;
}

describe('workload state JSON', () => {
  it('round-trips and goes on the same way', () => {
    const state = fed(['a', 'b', 'err'], 20);
    const copy = workloadStateFromJson(detectors, workloadStateToJson(detectors, state));
    expect(copy).toEqual(state);
  });

  it.each([
    ['not JSON', '{'],
    ['another version', '{"version":2}'],
    ['a bad field', JSON.stringify({ ...JSON.parse(workloadStateToJson(detectors, fed(['a'], 1))), clock: 'x' })],
  ])('rejects %s with a WorkloadStateError', (_name, text) => {
    expect(() => workloadStateFromJson(detectors, text)).toThrow(WorkloadStateError);
  });

  it.each([
    ['the stored state is newer: its baselines win', 10, 20, 'stored'],
    ['the local state is newer: its baselines win', 20, 10, 'mine'],
    ['the same minute: the local state wins', 10, 10, 'mine'],
  ])('merge, %s; known templates are unioned either way', (_name, mineMinutes, storedMinutes, winner) => {
    const mine = fed(['a', 'mine-only'], mineMinutes);
    const stored = fed(['a', 'stored-only'], storedMinutes);
    const expectedClock = (winner === 'mine' ? mine : stored).clock;
    const merged = mergeWorkloadStates(detectors, mine, stored);
    expect(merged.clock).toBe(expectedClock);
    expect([...merged.fresh.known.keys()].sort()).toEqual(['a', 'mine-only', 'stored-only']);
  });
});
