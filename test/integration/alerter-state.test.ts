import { emptyState, type WorkloadState } from '@daytwo/alerter';
import { cleanupRedis } from '../../services/alerter/src/test-support/alerter-harness';
import { WorkloadStore } from '../../services/alerter/src/state/workload-store';
import { testEnv } from '../support/env';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';

const prefix = uniqueName('alerter_state');
const clients = [redisClient(), redisClient()];

afterAll(async () => {
  await cleanupRedis(testEnv.redisUrl, prefix, []);
  for (const c of clients) c.disconnect();
});

const addId = (id: string) => (state: WorkloadState) => ({
  state: { ...state, recentEventIds: [...state.recentEventIds, id] },
});

describe('WorkloadStore on the real Redis', () => {
  it('loses no update when two alerter replicas change one workload at the same time', async () => {
    const [a, b] = clients.map((c) => new WorkloadStore(c, prefix, 60_000));
    const updates = Array.from({ length: 20 }, (_, i) => [
      a!.update('ns/w', addId(`a${i}`)),
      b!.update('ns/w', addId(`b${i}`)),
    ]).flat();
    await Promise.all(updates);
    const state = await a!.get('ns/w');
    expect(state?.recentEventIds).toHaveLength(40);
    expect(new Set(state?.recentEventIds).size).toBe(40);
  });

  it('schedules the next tick and replaces an unreadable value instead of failing', async () => {
    const redis = clients[0]!;
    const problems: string[] = [];
    const store = new WorkloadStore(redis, prefix, 60_000, (key) => void problems.push(key));
    await redis.set(store.stateKey('ns/broken'), '{not json');
    await store.update('ns/broken', (state) => ({
      state: { ...state, group: { evidence: {} as never, openedAt: 0, flushAt: 1_000 } },
    }));
    expect(problems).toEqual(['ns/broken']);
    expect(await redis.zscore(store.dueKey, 'ns/broken')).toBe('1000');
    expect(await store.due(999)).not.toContain('ns/broken');
    expect(await store.due(1_000)).toContain('ns/broken');
    await store.update('ns/broken', () => ({ state: emptyState('ns/broken') }));
    expect(await redis.zscore(store.dueKey, 'ns/broken')).toBeNull();
  });
});
