import type { AnomalyEvent, Workload } from '@daytwo/core';
import { INSTANCE_LABELS, seriesSelector } from '../model/signal-key';
import { podOf } from '../model/workload';
import { EVIDENCE_LIMITS, type Evidence, type SignalState } from './state';

export function newEvidence(workload: Workload, event: AnomalyEvent): Evidence {
  return {
    workload,
    signals: {},
    members: {},
    pods: [],
    templates: {},
    firstEventAt: event['@timestamp'],
    lastEventAt: event['@timestamp'],
    maxScore: 0,
    events: 0,
  };
}

/** True when both parse and `a` is strictly before `b`. */
function isBefore(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return !Number.isNaN(ta) && !Number.isNaN(tb) && ta < tb;
}

function factsOf(event: AnomalyEvent): SignalState {
  const signal: SignalState = {
    source: event.source,
    detector: event.detector,
    reason: event.reason,
    score: event.score,
    lastFiringAt: 0,
  };
  if (event.series) signal.series = seriesSelector(event.series, INSTANCE_LABELS);
  if (event.value !== undefined) signal.value = event.value;
  if (event.expected) signal.expected = { ...event.expected };
  return signal;
}

/** The signal after `event`: the facts of its strongest firing event. */
function nextSignal(event: AnomalyEvent, now: number, previous: SignalState | undefined): SignalState {
  const firing = event.status === 'firing';
  const stronger = !previous || (firing && event.score >= previous.score);
  const signal = stronger ? factsOf(event) : { ...previous };
  signal.lastFiringAt = firing ? now : (previous?.lastFiringAt ?? now);
  return signal;
}

/** Occurrences pile up in a long incident; past the limit the ended ones are forgotten (they block nothing). */
export function pruneResolvedMembers(members: Evidence['members']): void {
  const keys = Object.keys(members);
  if (keys.length <= EVIDENCE_LIMITS.members) return;
  for (const key of keys) if (members[key] === 'resolved') delete members[key];
}

export interface EventKeys {
  signal: string;
  member: string;
}

/** Adds one event to the evidence (in place) and returns it. */
export function addToEvidence(evidence: Evidence, event: AnomalyEvent, keys: EventKeys, now: number): Evidence {
  evidence.events++;
  evidence.maxScore = Math.max(evidence.maxScore, event.score);
  if (isBefore(event['@timestamp'], evidence.firstEventAt)) evidence.firstEventAt = event['@timestamp'];
  if (isBefore(evidence.lastEventAt, event['@timestamp'])) evidence.lastEventAt = event['@timestamp'];
  if (evidence.workload.kind === undefined && event.workload?.kind !== undefined) {
    evidence.workload = { ...evidence.workload, kind: event.workload.kind };
  }
  evidence.signals[keys.signal] = nextSignal(event, now, evidence.signals[keys.signal]);
  evidence.members[keys.member] = event.status;
  pruneResolvedMembers(evidence.members);

  const pod = podOf(event);
  if (pod !== undefined && !evidence.pods.includes(pod) && evidence.pods.length < EVIDENCE_LIMITS.pods) {
    evidence.pods.push(pod);
  }
  const template = event.template;
  if (template) {
    const known = evidence.templates[template.id];
    if (known) {
      known.count++;
      if (known.example === undefined && template.example !== undefined) known.example = template.example;
    } else if (Object.keys(evidence.templates).length < EVIDENCE_LIMITS.templates) {
      evidence.templates[template.id] = {
        text: template.text,
        count: 1,
        ...(template.example !== undefined ? { example: template.example } : {}),
      };
    }
  }
  return evidence;
}
