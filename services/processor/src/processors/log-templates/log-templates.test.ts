import type { LogRecord } from '@daytwo/core';
import { memoryStateStore, runProcessor, type ProcessorContext, type ProcessorStateStore } from '@daytwo/processor-api';
import { logRecord } from '../../test-support/records';
import { createLogTemplates, logTemplates, type LogTemplatesProcessor } from './log-templates';
import { TEMPLATE_STATE_KEY } from './template-sync';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function context(state: ProcessorStateStore): ProcessorContext {
  return { name: 'log-templates', logger: silent, emitAnomaly: () => {}, state };
}

async function start(state: ProcessorStateStore, config: object = {}): Promise<LogTemplatesProcessor> {
  return createLogTemplates(logTemplates.configSchema.parse(config), context(state));
}

const records = (messages: readonly string[]): LogRecord[] =>
  messages.map((m, i) => logRecord(m, { event: { id: `r${i}`, dataset: 'app' } }));

async function ids(processor: LogTemplatesProcessor, messages: readonly string[]): Promise<string[]> {
  const out = await processor.process(records(messages));
  return out.map((r) => r.event.template_id ?? '');
}

const USERS_A = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const USERS_B = ['ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil'];
const login = (user: string) => `user ${user} logged in from 10.0.0.${user.length}`;

describe('log-templates', () => {
  it('sets event.template and event.template_id, keeping the records otherwise', async () => {
    const input = records(['connected to 10.1.2.3:5432 in 12 ms', 'connected to 10.9.9.9:5432 in 7 ms']);
    const result = await runProcessor(logTemplates, {}, input);
    expect(result.records.map((r) => r.event.template)).toEqual(['connected to <*> in <*>', 'connected to <*> in <*>']);
    expect(result.records[0]?.event.template_id).toMatch(/^[0-9a-f]{16}$/);
    expect(result.records[1]?.event.template_id).toBe(result.records[0]?.event.template_id);
    expect(result.records.map((r) => r.event.id)).toEqual(['r0', 'r1']);
  });

  it('rejects a bad override, naming the key', async () => {
    await expect(runProcessor(logTemplates, { overrides: { app: { depth: 0 } } }, [])).rejects.toThrow(
      /log-templates\.overrides\.app\.depth/,
    );
  });

  it('keeps ids across a restart: the next instance starts from the stored templates', async () => {
    const state = memoryStateStore();
    const first = await start(state);
    const before = await ids(first, USERS_A.map(login));
    await first.close();
    expect(await state.get(TEMPLATE_STATE_KEY)).toBeDefined();

    const second = await start(state);
    expect(second.miner.stats().clusters).toBe(first.miner.stats().clusters);
    const after = await ids(second, [...USERS_A.map(login), login('zed')]);
    expect(after.slice(0, USERS_A.length).map((id) => second.miner.resolve(id, 'app'))).toEqual(
      before.map((id) => second.miner.resolve(id, 'app')),
    );
    expect(second.miner.stats().created).toBe(0);
    await second.close();
  });

  it('makes two replicas sharing the store converge on the same ids', async () => {
    const state = memoryStateStore();
    const a = await start(state);
    const b = await start(state);
    // Each replica merges its own users into its own survivor, which it would name differently alone.
    await ids(a, USERS_A.map(login));
    await ids(b, USERS_B.map(login));
    await a.sync();
    await b.sync();
    await a.sync();
    const [fromA] = await ids(a, [login('trent')]);
    const [fromB] = await ids(b, [login('trent')]);
    expect(fromA).toBe(fromB);
    expect(a.miner.snapshot().clusters.map((c) => c.id)).toEqual(b.miner.snapshot().clusters.map((c) => c.id));
    await Promise.all([a.close(), b.close()]);
  });

  it('replaces an unreadable stored snapshot instead of failing', async () => {
    const state = memoryStateStore();
    await state.set(TEMPLATE_STATE_KEY, '{"version":99}');
    const processor = await start(state);
    await ids(processor, ['disk full on /dev/sda1']);
    await processor.close();
    expect(processor.syncStats.unreadable).toBe(1);
    expect(JSON.parse((await state.get(TEMPLATE_STATE_KEY))!)).toMatchObject({ version: 1 });
  });
});
