import type { RunSettings } from './run-settings';
import type { ReceivedAlert } from './webhook-receiver';

/** The index pattern that finds the logs whichever layout the sink chose (daily indices or data streams). */
export function logIndexPattern(indexPrefix: string): string {
  return `${indexPrefix}-logs*,logs-${indexPrefix}.*`;
}

export function latencyQuery(cluster: string): string {
  return (
    `histogram_quantile(0.99, sum by (le, workload) ` +
    `(rate(http_request_duration_seconds_bucket{cluster="${cluster}"}[1m])))`
  );
}

export function alertmanagerFilter(cluster: string, workload?: string): string {
  const filters = [`cluster="${cluster}"`, ...(workload ? [`workload="${workload}"`] : [])];
  return filters.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
}

/** The "where to look" block: the Elasticsearch query, the Prometheus graph, Alertmanager, the CLI. */
export function whereToLook(run: RunSettings, cliConfig: string | undefined): string {
  const { names, stack } = run;
  const q = encodeURIComponent('kubernetes.namespace:shop AND log.level:error');
  const graph =
    `${stack.prometheusUrl}/graph?g0.expr=${encodeURIComponent(latencyQuery(names.cluster))}` +
    `&g0.tab=0&g0.range_input=15m`;
  const status = cliConfig ? `npx daytwo status --watch --config ${cliConfig}` : 'npx daytwo status --watch';
  return [
    'Where to look:',
    `  Elasticsearch, the shop's error lines (access lines, stack traces and JSON logs are all there):`,
    `    curl -s '${stack.elasticsearchUrl}/${logIndexPattern(names.indexPrefix)}/_search?pretty&size=3&sort=@timestamp:desc&q=${q}'`,
    `  Elasticsearch, the anomaly events the alerts are made of:`,
    `    curl -s '${stack.elasticsearchUrl}/${names.indexPrefix}-anomalies/_search?pretty&size=3&sort=@timestamp:desc'`,
    `  Prometheus, p99 latency per workload:`,
    `    ${graph}`,
    `  Alertmanager (the alert arrives there and on the webhook below):`,
    `    ${stack.alertmanagerUrl}/#/alerts   curl -s '${stack.alertmanagerUrl}/api/v2/alerts?${alertmanagerFilter(names.cluster)}'`,
    `  The pipeline itself:`,
    `    ${status}`,
  ].join('\n');
}

export function clock(ms = Date.now()): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** How an alert delivered to the demo's webhook is printed. */
export function formatAlert(alert: ReceivedAlert): string {
  const w = alert.workload;
  const head = `[${clock()}] webhook ← ${alert.status.toUpperCase()} ${alert.severity} ${w.namespace}/${w.name} (v${alert.version}): ${alert.title}`;
  const lines = [head, `           ${alert.summary}`];
  if (alert.detectors.length > 0) lines.push(`           detectors: ${alert.detectors.join(', ')}`);
  for (const t of (alert.templates ?? []).slice(0, 2)) lines.push(`           template: ${t.text.slice(0, 140)}`);
  return lines.join('\n');
}
