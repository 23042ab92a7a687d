/** Links from an alert to the data behind it: Kibana Discover for the logs, Prometheus graphs for the series. */

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** A rison string literal: single-quoted, `!` and `'` escaped with `!`. */
export function risonString(value: string): string {
  return `'${value.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

/** A KQL quoted value. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** KQL matching the workload's log records (ECS field names, as the sink indexes them). */
export function workloadKql(namespace: string, workload: string): string {
  const clauses = [];
  if (namespace !== '') clauses.push(`kubernetes.namespace:${kqlString(namespace)}`);
  clauses.push(`kubernetes.workload.name:${kqlString(workload)}`);
  return clauses.join(' and ');
}

export interface KibanaLinkInput {
  kibanaUrl: string;
  namespace: string;
  workload: string;
  from: string;
  to: string;
}

/** `<kibana>/app/discover#/?_g=(time:(from:'…',to:'…'))&_a=(query:(language:kuery,query:'…'))`, values URL-encoded. */
export function kibanaDiscoverUrl(input: KibanaLinkInput): string {
  const g = `(time:(from:${risonString(input.from)},to:${risonString(input.to)}))`;
  const a = `(query:(language:kuery,query:${risonString(workloadKql(input.namespace, input.workload))}))`;
  return `${trimSlash(input.kibanaUrl)}/app/discover#/?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`;
}

/** `YYYY-MM-DD HH:mm:ss` in UTC, the form the Prometheus UI takes for `end_input`. */
export function prometheusTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** A one-hour graph of `expr` ending at `end` (ISO). */
export function prometheusGraphUrl(prometheusUrl: string, expr: string, end: string): string {
  const params = [
    `g0.expr=${encodeURIComponent(expr)}`,
    'g0.tab=0',
    'g0.range_input=1h',
    `g0.end_input=${encodeURIComponent(prometheusTime(end))}`,
  ];
  return `${trimSlash(prometheusUrl)}/graph?${params.join('&')}`;
}
