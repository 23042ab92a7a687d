import type { Alert } from '../model/alert';

/** One element of the body of `POST /api/v2/alerts`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export const ALERTNAME = 'DaytwoAnomaly';

export interface AlertmanagerOptions {
  /** Delivery time, ms. */
  now: number;
  /** A firing alert expires this long after it was sent unless it is sent again (see the reducer's refresh). */
  resolveTimeoutMs: number;
}

/**
 * The labels identify the alert in Alertmanager, so they hold only what never changes between versions of one
 * fingerprint; a resolved version therefore matches its firing one.
 */
export function alertmanagerLabels(alert: Alert): Record<string, string> {
  const labels: Record<string, string> = {
    alertname: ALERTNAME,
    cluster: alert.cluster,
    namespace: alert.workload.namespace,
    workload: alert.workload.name,
    severity: alert.severity,
    daytwo_fingerprint: alert.fingerprint,
  };
  if (alert.workload.kind) labels['workload_kind'] = alert.workload.kind;
  // An empty value means "no such label" to Alertmanager.
  for (const [k, v] of Object.entries(labels)) if (v === '') delete labels[k];
  return labels;
}

export function alertmanagerAlerts(alert: Alert, options: AlertmanagerOptions): PostableAlert[] {
  const annotations: Record<string, string> = {
    summary: `${alert.title}: ${alert.summary}`,
    description: alert.description,
    score: String(alert.score),
  };
  if (alert.links.kibana) annotations['kibana_url'] = alert.links.kibana;
  if (alert.links.prometheus) annotations['prometheus_url'] = alert.links.prometheus;
  const endsAt =
    alert.status === 'resolved'
      ? (alert.endsAt ?? new Date(options.now).toISOString())
      : new Date(options.now + options.resolveTimeoutMs).toISOString();
  const postable: PostableAlert = { labels: alertmanagerLabels(alert), annotations, startsAt: alert.startsAt, endsAt };
  const generatorURL = alert.links.prometheus ?? alert.links.kibana;
  if (generatorURL) postable.generatorURL = generatorURL;
  return [postable];
}
