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

/** The processor's derived series: `<family>:p90`, `<family>:p99_9` (histogram quantiles), `<name>:rate`. */
const QUANTILE_SUFFIX = /:p(\d+)(?:_(\d+))?$/;
const RATE_SUFFIX = ':rate';
/** Range of the rates in derived series' expressions. */
const RATE_RANGE = '5m';

/**
 * A PromQL expression for a series as the alerter names it (`name{labels}`): the selector itself, or for a series the
 * processor derived, an expression computing it from the series Prometheus stores. `<family>:pNN{...}` →
 * `histogram_quantile(0.NN, sum by (le) (rate(<family>_bucket{...}[5m])))`, `<name>:rate{...}` →
 * `rate(<name>{...}[5m])`.
 */
export function prometheusExpr(series: string): string {
  const brace = series.indexOf('{');
  const name = brace < 0 ? series : series.slice(0, brace);
  const labels = brace < 0 ? '' : series.slice(brace);
  if (name.endsWith(RATE_SUFFIX)) return `rate(${name.slice(0, -RATE_SUFFIX.length)}${labels}[${RATE_RANGE}])`;
  const quantile = QUANTILE_SUFFIX.exec(name);
  if (quantile === null) return series;
  const percent = Number(`${quantile[1]}.${quantile[2] ?? '0'}`);
  const q = Number((percent / 100).toPrecision(10));
  const family = name.slice(0, quantile.index);
  return `histogram_quantile(${q}, sum by (le) (rate(${family}_bucket${labels}[${RATE_RANGE}])))`;
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
