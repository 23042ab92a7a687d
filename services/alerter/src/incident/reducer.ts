import type { AnomalyEvent, Workload } from '@daytwo/core';
import type { Alert } from '../model/alert';
import { fingerprint } from '../model/signal-key';
import { addToEvidence, newEvidence, pruneResolvedMembers } from './evidence';
import { EVIDENCE_LIMITS, type Evidence, type Incident, type WorkloadState } from './state';

export interface BuildAlertInput {
  evidence: Evidence;
  fingerprint: string;
  version: number;
  status: Alert['status'];
  now: number;
}

export interface ReducerContext {
  /** Processing time, ms. Windows and timeouts run on it, not on event time, so late events still group. */
  now: number;
  cluster: string;
  windowMs: number;
  resolveTimeoutMs: number;
  /** A firing incident seen again after this long is re-sent to Alertmanager, whose alerts otherwise expire. */
  refreshMs: number;
  buildAlert: (input: BuildAlertInput) => Alert;
}

export interface ApplyEventInput {
  event: AnomalyEvent;
  workload: Workload;
  /** See signalKey: what the incident is made of. */
  signalKey: string;
  /** See occurrenceKey: what a resolved event ends. */
  memberKey: string;
}

/**
 * duplicate: the event id was applied before (Kafka redelivery); opened/grouped: it started or joined the open window;
 * deduplicated: it belongs to an incident already alerted; resolved: it ended an occurrence; ignored: a resolved event
 * for an occurrence nobody is alerting on.
 */
export type EventOutcome = 'duplicate' | 'opened' | 'grouped' | 'deduplicated' | 'resolved' | 'ignored';

/** What a step added to the outbox, counted for the service metrics. */
export interface TransitionCounts {
  /** New alerts: the first version of an incident. */
  created: number;
  /** Resolved versions of alerted incidents. */
  resolved: number;
  /** Firing versions re-sent to Alertmanager only. */
  refreshed: number;
  /** Closed groups whose fingerprint matched a firing incident, so no alert was made. */
  deduplicatedGroups: number;
}

export interface Transition {
  state: WorkloadState;
  counts: TransitionCounts;
}

const noCounts = (): TransitionCounts => ({ created: 0, resolved: 0, refreshed: 0, deduplicatedGroups: 0 });

function nextVersion(state: WorkloadState, fp: string): number {
  const version = (state.versions[fp] ?? 0) + 1;
  state.versions[fp] = version;
  return version;
}

function resolvedVersion(alert: Alert, version: number, now: number): Alert {
  const at = new Date(now).toISOString();
  return { ...alert, status: 'resolved', version, updatedAt: at, endsAt: at };
}

function resolveIncident(state: WorkloadState, incident: Incident, now: number, counts: TransitionCounts): void {
  const alert = resolvedVersion(incident.alert, nextVersion(state, incident.fingerprint), now);
  state.incidents = state.incidents.filter((i) => i !== incident);
  state.outbox.push({ alert });
  counts.resolved++;
}

/** Applies one event. `state` is not modified; the returned state is a new object. */
export function applyEvent(
  current: WorkloadState,
  input: ApplyEventInput,
  ctx: ReducerContext,
): Transition & { outcome: EventOutcome } {
  const state = structuredClone(current);
  const counts = noCounts();
  const done = (outcome: EventOutcome) => ({ state, counts, outcome });
  const { event } = input;
  const keys = { signal: input.signalKey, member: input.memberKey };

  // The firing and the resolved event of one occurrence may share an id: both count.
  const seen = `${event.id}|${event.status}`;
  if (state.recentEventIds.includes(seen)) return done('duplicate');
  state.recentEventIds.push(seen);
  if (state.recentEventIds.length > EVIDENCE_LIMITS.recentEventIds) state.recentEventIds.shift();

  const incident = state.incidents.find((i) => i.signalKeys.includes(keys.signal));
  if (incident) {
    if (event.status === 'resolved') {
      if (incident.members[keys.member] === undefined) return done('ignored');
      incident.members[keys.member] = 'resolved';
      if (Object.values(incident.members).every((m) => m === 'resolved')) {
        resolveIncident(state, incident, ctx.now, counts);
      }
      return done('resolved');
    }
    incident.members[keys.member] = 'firing';
    pruneResolvedMembers(incident.members);
    incident.lastFiringAt = ctx.now;
    if (ctx.now - incident.refreshedAt >= ctx.refreshMs) {
      const at = new Date(ctx.now).toISOString();
      incident.alert = { ...incident.alert, version: nextVersion(state, incident.fingerprint), updatedAt: at };
      incident.refreshedAt = ctx.now;
      state.outbox.push({ alert: incident.alert, onlyTypes: ['alertmanager'] });
      counts.refreshed++;
    }
    return done('deduplicated');
  }

  if (event.status === 'resolved') {
    if (state.group?.evidence.members[keys.member] === undefined) return done('ignored');
    addToEvidence(state.group.evidence, event, keys, ctx.now);
    return done('resolved');
  }
  if (state.group) {
    addToEvidence(state.group.evidence, event, keys, ctx.now);
    return done('grouped');
  }
  state.group = {
    evidence: addToEvidence(newEvidence(input.workload, event), event, keys, ctx.now),
    openedAt: ctx.now,
    flushAt: ctx.now + ctx.windowMs,
  };
  return done('opened');
}

function flushGroup(state: WorkloadState, ctx: ReducerContext, counts: TransitionCounts): void {
  const group = state.group;
  if (!group) return;
  delete state.group;
  const { evidence } = group;
  const signalKeys = Object.keys(evidence.signals);
  const fp = fingerprint(ctx.cluster, state.key, signalKeys);
  const lastFiringAt = Math.max(...Object.values(evidence.signals).map((s) => s.lastFiringAt));
  const existing = state.incidents.find((i) => i.fingerprint === fp);
  if (existing) {
    existing.lastFiringAt = Math.max(existing.lastFiringAt, lastFiringAt);
    Object.assign(existing.members, evidence.members);
    counts.deduplicatedGroups++;
    return;
  }
  const allResolved = Object.values(evidence.members).every((m) => m === 'resolved');
  const version = nextVersion(state, fp);
  const alert = ctx.buildAlert({ evidence, fingerprint: fp, version, status: 'firing', now: ctx.now });
  if (allResolved) {
    // Started and ended within the window: one notification that it happened, already resolved.
    state.outbox.push({ alert: { ...alert, status: 'resolved', endsAt: new Date(ctx.now).toISOString() } });
    counts.created++;
    return;
  }
  const members = { ...evidence.members };
  state.incidents.push({ fingerprint: fp, alert, signalKeys, members, lastFiringAt, refreshedAt: ctx.now });
  state.outbox.push({ alert });
  counts.created++;
}

/** Closes a due window and resolves incidents past their resolve timeout. */
export function applyTick(current: WorkloadState, ctx: ReducerContext): Transition {
  const state = structuredClone(current);
  const counts = noCounts();
  if (state.group && state.group.flushAt <= ctx.now) flushGroup(state, ctx, counts);
  for (const incident of [...state.incidents]) {
    if (incident.lastFiringAt + ctx.resolveTimeoutMs <= ctx.now) resolveIncident(state, incident, ctx.now, counts);
  }
  return { state, counts };
}

/** When the state next needs a tick (ms), or undefined when nothing is pending. A pending outbox is due at once. */
export function nextDue(state: WorkloadState, resolveTimeoutMs: number): number | undefined {
  if (state.outbox.length > 0) return 0;
  const times = state.incidents.map((i) => i.lastFiringAt + resolveTimeoutMs);
  if (state.group) times.push(state.group.flushAt);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Removes the outbox entries that are now queued in BullMQ. */
export function acknowledgeOutbox(current: WorkloadState, done: ReadonlyArray<Pick<Alert, 'fingerprint' | 'version'>>) {
  const isDone = (a: Alert) => done.some((d) => d.fingerprint === a.fingerprint && d.version === a.version);
  return { ...current, outbox: current.outbox.filter((entry) => !isDone(entry.alert)) };
}

/** True when the state holds nothing but history (versions, event ids). */
export function isIdle(state: WorkloadState): boolean {
  return state.group === undefined && state.incidents.length === 0 && state.outbox.length === 0;
}
