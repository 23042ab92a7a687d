import type { Alert, AlertSignal } from '../model/alert';

/** Numbers as people read them: at most four significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export function workloadLabel(alert: Pick<Alert, 'workload'>): string {
  const { namespace, kind, name } = alert.workload;
  const path = namespace === '' ? name : `${namespace}/${name}`;
  return kind ? `${kind.toLowerCase()} ${path}` : path;
}

/** One signal in words: `metric http_errors{...}: rate above normal (value 12, expected 0–3)`. */
export function signalPhrase(signal: AlertSignal): string {
  const what = signal.series ?? signal.detector;
  const facts: string[] = [];
  if (signal.value !== undefined) facts.push(`value ${formatNumber(signal.value)}`);
  if (signal.expected) {
    facts.push(`expected ${formatNumber(signal.expected.lower)}–${formatNumber(signal.expected.upper)}`);
  }
  const reason = signal.reason.trim() === '' ? 'anomalous' : signal.reason.trim();
  return `${signal.source} ${what}: ${reason}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

type AlertText = Pick<Alert, 'title' | 'summary' | 'description'>;
type TextInput = Omit<Alert, 'title' | 'summary' | 'description'>;

export function alertTitle(alert: Pick<Alert, 'workload' | 'cluster'>): string {
  return `Anomaly in ${workloadLabel(alert)} (${alert.cluster})`;
}

export function alertSummary(alert: Pick<Alert, 'workload' | 'signals'>): string {
  const shown = alert.signals.slice(0, 2).map(signalPhrase);
  const more = alert.signals.length - shown.length;
  const count = alert.signals.length === 1 ? '1 anomaly' : `${alert.signals.length} anomalies`;
  return `${workloadLabel(alert)}: ${count}: ${shown.join('; ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

export function alertDescription(alert: TextInput): string {
  const { workload } = alert;
  const lines = ['What:'];
  for (const s of alert.signals) lines.push(`  - ${signalPhrase(s)} (score ${formatNumber(s.score)})`);
  const where = [`cluster ${alert.cluster}`];
  if (workload.namespace !== '') where.push(`namespace ${workload.namespace}`);
  where.push(`workload ${workload.kind ? `${workload.kind}/` : ''}${workload.name}`);
  if (alert.pods.length > 0) where.push(`pods ${alert.pods.join(', ')}`);
  lines.push(`Where: ${where.join(', ')}`);
  if (alert.series.length > 0) lines.push(`Series: ${alert.series.join(', ')}`);
  lines.push(`When: ${alert.startsAt} to ${alert.lastEventAt}`);
  lines.push(`Score: ${formatNumber(alert.score)} (${alert.severity})`);
  if (alert.templates.length > 0) {
    lines.push('Top log templates:');
    for (const t of alert.templates) {
      lines.push(`  - ${t.count}× ${t.text}`);
      if (t.example !== undefined) lines.push(`    e.g. ${t.example}`);
    }
  }
  if (alert.links.kibana) lines.push(`Logs: ${alert.links.kibana}`);
  for (const link of alert.links.series) lines.push(`Graph: ${link.url}`);
  return lines.join('\n');
}

export function alertText(alert: TextInput): AlertText {
  return { title: alertTitle(alert), summary: alertSummary(alert), description: alertDescription(alert) };
}
