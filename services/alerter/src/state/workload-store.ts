import type IORedis from 'ioredis';
import { nextDue } from '../incident/reducer';
import { emptyState, type WorkloadState } from '../incident/state';

/**
 * A workload's state outlives its last change this long: its versions keep job ids unique. (A fingerprint that fires
 * again after the state expired starts at version 1 again; a failed job of that id still kept would then block it.)
 */
export const STATE_TTL_SECONDS = 90 * 24 * 3600;
const MAX_CONFLICT_RETRIES = 50;

export class StateConflictError extends Error {
  override name = 'StateConflictError';
}

/**
 * Workload states in Redis, one JSON value per workload, plus a sorted set of when each needs its next tick. Updates
 * are optimistic transactions (WATCH/MULTI), so several alerter replicas can share the state; WATCH belongs to a
 * connection, so this store runs one transaction at a time on its own client.
 */
export class WorkloadStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly resolveTimeoutMs: number,
    /** A stored value that is not a state (hand-edited, or from an incompatible version) is replaced, not fatal. */
    private readonly onUnreadable: (workloadKey: string, reason: string) => void = () => undefined,
  ) {}

  private parse(workloadKey: string, raw: string | null): WorkloadState {
    if (raw === null) return emptyState(workloadKey);
    try {
      const state = JSON.parse(raw) as WorkloadState;
      if (state?.v === 1 && Array.isArray(state.incidents) && Array.isArray(state.outbox)) return state;
      this.onUnreadable(workloadKey, 'not a version 1 workload state');
    } catch (err) {
      this.onUnreadable(workloadKey, (err as Error).message);
    }
    return emptyState(workloadKey);
  }

  stateKey(workloadKey: string): string {
    return `${this.prefix}:state:workload:${workloadKey}`;
  }

  get dueKey(): string {
    return `${this.prefix}:state:due`;
  }

  async get(workloadKey: string): Promise<WorkloadState | undefined> {
    const raw = await this.redis.get(this.stateKey(workloadKey));
    return raw === null ? undefined : this.parse(workloadKey, raw);
  }

  /** Workloads whose next tick is due at `now`, oldest first. */
  due(now: number, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.dueKey, '-inf', now, 'LIMIT', 0, limit);
  }

  /** Applies `change` to the workload's state atomically and returns its result; retried when another writer won. */
  update<R extends { state: WorkloadState }>(workloadKey: string, change: (state: WorkloadState) => R): Promise<R> {
    const run = this.chain.then(() => this.transact(workloadKey, change));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async transact<R extends { state: WorkloadState }>(
    workloadKey: string,
    change: (state: WorkloadState) => R,
  ): Promise<R> {
    const key = this.stateKey(workloadKey);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      await this.redis.watch(key);
      let result: R;
      try {
        result = change(this.parse(workloadKey, await this.redis.get(key)));
      } catch (err) {
        await this.redis.unwatch();
        throw err;
      }
      const due = nextDue(result.state, this.resolveTimeoutMs);
      const tx = this.redis.multi().set(key, JSON.stringify(result.state), 'EX', STATE_TTL_SECONDS);
      if (due === undefined) tx.zrem(this.dueKey, workloadKey);
      else tx.zadd(this.dueKey, due, workloadKey);
      if ((await tx.exec()) !== null) return result;
    }
    throw new StateConflictError(`state of ${workloadKey} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
  }
}
