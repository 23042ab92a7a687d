import type { AnomalyEvent, LogRecord } from '@daytwo/core';
import type { ProcessorContext } from '@daytwo/processor-api';
import {
  createLogAnomalies,
  createLogTemplates,
  LogAnomaliesConfig,
  LogTemplatesConfig,
  RedisStateBackend,
  RedisStateConfig,
  type LogAnomaliesProcessor,
  type LogTemplatesProcessor,
} from '@daytwo/processor';
import { testEnv } from '../support/env';
import { redisClient } from '../support/redis';
import { uniqueName } from '../support/unique';
import { waitFor } from '../support/wait-for';

const T0 = Date.UTC(2026, 0, 1);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** One processor replica: log-templates then log-anomalies, state in the real Redis under `prefix`. */
interface Instance {
  templates: LogTemplatesProcessor;
  anomalies: LogAnomaliesProcessor;
  events: AnomalyEvent[];
  feed(records: LogRecord[]): Promise<LogRecord[]>;
  close(): Promise<void>;
}

async function open(prefix: string, fast = false): Promise<Instance> {
  const backend = new RedisStateBackend(RedisStateConfig.parse({ url: testEnv.redisUrl, keyPrefix: prefix }));
  const events: AnomalyEvent[] = [];
  const ctx = (name: string): ProcessorContext => ({
    name,
    logger: silent,
    emitAnomaly: (e) => events.push(e),
    state: backend.store('logs', name),
  });
  const timers = fast ? { persist: { intervalSeconds: 0.2 } } : {};
  const templates = await createLogTemplates(LogTemplatesConfig.parse(timers), ctx('log-templates'));
  const anomalies = createLogAnomalies(
    LogAnomaliesConfig.parse({ ...timers, ...(fast ? { flush: { intervalSeconds: 0.1 } } : {}) }),
    ctx('log-anomalies'),
  );
  return {
    templates,
    anomalies,
    events,
    feed: async (records) => anomalies.process(await templates.process(records)),
    close: async () => {
      await anomalies.close();
      await templates.close();
      await backend.close();
    },
  };
}

let serial = 0;
function line(workload: string, minute: number, second: number, message: string, level = 'info'): LogRecord {
  serial++;
  return {
    schema_version: 1,
    '@timestamp': new Date(T0 + minute * 60_000 + second * 1000).toISOString(),
    message,
    log: { level },
    kubernetes: { namespace: 'shop', pod: { name: `${workload}-7d9c8b6f5d-x2x4q` }, container: { name: workload } },
    event: { id: `it-${serial}` },
  };
}

const MESSAGES = {
  get: (n: number) => `GET /api/items/${n} 200 in ${n % 50} ms`,
  cache: (n: number) => `cache hit for key item:${n}`,
  error: (n: number) => `payment gateway timeout after ${n} ms`,
};

/** One workload's steady minutes: 20 GETs, 5 cache hits and `errors` errors a minute, in time order. */
function steady(workload: string, from: number, to: number, errors = 1): LogRecord[] {
  const out: LogRecord[] = [];
  for (let m = from; m < to; m++) {
    for (let s = 0; s < 20; s++) out.push(line(workload, m, s, MESSAGES.get(m * 100 + s)));
    for (let s = 0; s < 5; s++) out.push(line(workload, m, 20 + s, MESSAGES.cache(m * 10 + s)));
    for (let s = 0; s < errors; s++) out.push(line(workload, m, 30 + (s % 30), MESSAGES.error(1000 + s), 'error'));
  }
  return out;
}

const idsOf = (records: LogRecord[]) => [...new Set(records.map((r) => r.event.template_id))].sort();
const brief = (events: AnomalyEvent[]) => events.map((e) => `${e.detector}:${e.status}`).sort();

describe('log-templates and log-anomalies state in the real Redis', () => {
  const redis = redisClient();
  const prefixes: string[] = [];
  const fresh = () => {
    const prefix = `${uniqueName('daytwo_it_logstate')}:`;
    prefixes.push(prefix);
    return prefix;
  };

  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('restarting goes on with the same template ids, known templates and baselines', async () => {
    const prefix = fresh();
    const first = await open(prefix);
    const before = await first.feed(steady('api', 0, 35));
    expect(first.events).toEqual([]);
    await first.close();

    const second = await open(prefix);
    const after = await second.feed([
      ...steady('api', 35, 36, 60),
      line('api', 36, 0, 'worker pool resized to 12 threads'),
      ...steady('api', 36, 38),
    ]);
    expect(second.templates.miner.stats().created).toBe(1);
    expect(idsOf(after.filter((r) => !r.message.startsWith('worker')))).toEqual(idsOf(before));
    expect(brief(second.events)).toEqual([
      'log-error-rate:firing',
      'log-error-rate:resolved',
      'log-new-template:firing',
      'log-template-burst:firing',
      'log-template-burst:resolved',
    ]);
    const novel = second.events.find((e) => e.detector === 'log-new-template');
    expect(novel?.template?.text).toBe('worker pool resized to <*> threads');
    await second.close();
  });

  it('a replica joining during a run takes workloads over with their state, and template ids converge', async () => {
    const prefix = fresh();
    const a = await open(prefix, true);
    const early = await a.feed([...steady('api', 0, 35), ...steady('web', 0, 35)]);
    // A's timers write its state while it keeps running.
    await waitFor(
      async () => {
        const stored = await redis.get(`${prefix}logs:log-anomalies:workload/shop/api`);
        return stored?.includes(`"clock":${T0 + 34 * 60_000}`) ? true : undefined;
      },
      { what: 'the api workload state in Redis' },
    );

    const b = await open(prefix, true);
    // Rebalance: the api pods' partitions move to B; web stays on A.
    const moved = await b.feed(steady('api', 35, 36));
    await a.feed(steady('web', 35, 36));
    expect(idsOf(moved)).toEqual(idsOf(early.filter((r) => r.kubernetes?.container?.name === 'api')));
    expect(b.events).toEqual([]);
    await b.feed(steady('api', 36, 37, 60));
    expect(brief(b.events)).toContain('log-error-rate:firing');
    expect(brief(b.events).filter((d) => d.startsWith('log-new-template'))).toEqual([]);

    // Each replica sees other users of one workload and merges them into its own template id; syncing converges.
    const login = (user: string) => line('auth', 40, 0, `user ${user} logged in`);
    await a.feed(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'].map(login));
    await b.feed(['ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil'].map(login));
    await a.templates.sync();
    await b.templates.sync();
    await a.templates.sync();
    const [fromA] = await a.feed([login('trent')]);
    const [fromB] = await b.feed([login('trent')]);
    expect(fromA?.event.template).toBe('user <*> logged in');
    expect(fromB?.event.template_id).toBe(fromA?.event.template_id);
    await Promise.all([a.close(), b.close()]);
  });
});
