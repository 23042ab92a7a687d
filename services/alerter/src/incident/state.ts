import type { Workload } from '@daytwo/core';
import type { Alert } from '../model/alert';

export type MemberStatus = 'firing' | 'resolved';

/** One signal (see signalKey) as the events of a group or incident reported it. */
export interface SignalState {
  source: 'metric' | 'log';
  detector: string;
  /** Series selector without pod/instance labels, for metric signals. */
  series?: string;
  /** Processing time (ms) of the last firing event. */
  lastFiringAt: number;
  /** Reason, score and value of the highest-scoring event. */
  reason: string;
  score: number;
  value?: number;
  expected?: { lower: number; upper: number };
}

export interface TemplateCount {
  text: string;
  example?: string;
  count: number;
}

/** What the events of one group said, bounded in size (see EVIDENCE_LIMITS). */
export interface Evidence {
  workload: Workload;
  signals: Record<string, SignalState>;
  /** Status per occurrence (see occurrenceKey): what resolved events refer to. */
  members: Record<string, MemberStatus>;
  pods: string[];
  templates: Record<string, TemplateCount>;
  /** Earliest and latest event `@timestamp`, ISO. */
  firstEventAt: string;
  lastEventAt: string;
  maxScore: number;
  events: number;
}

/** Events of a workload collected until the window closes at `flushAt`. */
export interface OpenGroup {
  evidence: Evidence;
  openedAt: number;
  flushAt: number;
}

/** An alert that was sent as firing and is not resolved yet. */
export interface Incident {
  fingerprint: string;
  /** The latest version queued for delivery. */
  alert: Alert;
  /** The signals the fingerprint was made of: later events of these belong to this incident. */
  signalKeys: string[];
  /** Resolved once every occurrence is. */
  members: Record<string, MemberStatus>;
  lastFiringAt: number;
  /** When the latest firing version was made (Alertmanager needs firing alerts re-sent before they expire). */
  refreshedAt: number;
}

/** An alert version committed to the state and not yet confirmed as queued in BullMQ. */
export interface OutboxEntry {
  alert: Alert;
  /** Only destinations of these types get it (refreshes go to Alertmanager only); all when absent. */
  onlyTypes?: Array<'webhook' | 'slack' | 'alertmanager'>;
}

/**
 * Everything the alerter knows about one workload, kept in Redis as one JSON value so that a restarted alerter (or
 * another replica) continues exactly where the last one stopped.
 */
export interface WorkloadState {
  v: 1;
  key: string;
  group?: OpenGroup;
  incidents: Incident[];
  /** Last version per fingerprint: versions keep increasing across incidents, so job ids never repeat. */
  versions: Record<string, number>;
  outbox: OutboxEntry[];
  /** `<id>|<status>` of recently applied events, newest last: a redelivered Kafka message changes nothing. */
  recentEventIds: string[];
}

export const EVIDENCE_LIMITS = { pods: 20, templates: 100, members: 200, recentEventIds: 512 } as const;

export function emptyState(key: string): WorkloadState {
  return { v: 1, key, incidents: [], versions: {}, outbox: [], recentEventIds: [] };
}
