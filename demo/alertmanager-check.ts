import { setTimeout as sleep } from 'node:timers/promises';
import { alertmanagerFilter } from './where-to-look';

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  status?: { state?: string };
}

/** The alerts Alertmanager holds for the cluster and workload (`GET /api/v2/alerts`). */
export async function alertmanagerAlerts(
  baseUrl: string,
  cluster: string,
  workload: string,
): Promise<AlertmanagerAlert[]> {
  const response = await fetch(`${baseUrl}/api/v2/alerts?${alertmanagerFilter(cluster, workload)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`Alertmanager answered ${response.status}`);
  return (await response.json()) as AlertmanagerAlert[];
}

/** Polls until Alertmanager shows the alert; undefined when it has not within `timeoutMs`. */
export async function waitForAlertmanager(
  baseUrl: string,
  cluster: string,
  workload: string,
  timeoutMs: number,
): Promise<AlertmanagerAlert | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const [alert] = await alertmanagerAlerts(baseUrl, cluster, workload);
      if (alert) return alert;
    } catch {
      // not reachable right now: try again
    }
    await sleep(1_000);
  }
  return undefined;
}

export function labelText(labels: Record<string, string>): string {
  const { alertname, ...rest } = labels;
  return `${alertname ?? ''}{${Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}
