import type { LinksConfig } from '../config';
import { severityOf, type Alert, type AlertLinks, type AlertSignal, type AlertTemplate } from '../model/alert';
import type { BuildAlertInput } from '../incident/reducer';
import type { Evidence } from '../incident/state';
import { kibanaDiscoverUrl, prometheusExpr, prometheusGraphUrl } from './links';
import { alertText } from './text';

export const MAX_ALERT_SIGNALS = 20;

export interface AlertBuilderOptions {
  cluster: string;
  links: LinksConfig;
  windowMs: number;
  maxTemplates: number;
}

function shiftIso(iso: string, deltaMs: number, fallback: number): string {
  const t = Date.parse(iso);
  return new Date((Number.isNaN(t) ? fallback : t) + deltaMs).toISOString();
}

export function topTemplates(evidence: Evidence, max: number): AlertTemplate[] {
  return Object.entries(evidence.templates)
    .map(([id, t]) => ({ id, ...t }))
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
    .slice(0, max);
}

function signalsOf(evidence: Evidence): AlertSignal[] {
  return Object.values(evidence.signals)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_ALERT_SIGNALS)
    .map((s) => {
      const signal: AlertSignal = { source: s.source, detector: s.detector, reason: s.reason, score: s.score };
      if (s.series !== undefined) signal.series = s.series;
      if (s.value !== undefined) signal.value = s.value;
      if (s.expected) signal.expected = s.expected;
      return signal;
    });
}

/** The alert for a closed group: text, links and the top templates. */
export function buildAlert(options: AlertBuilderOptions, input: BuildAlertInput): Alert {
  const { evidence } = input;
  const window = {
    from: shiftIso(evidence.firstEventAt, -options.windowMs, input.now),
    to: shiftIso(evidence.lastEventAt, options.windowMs, input.now),
  };
  const signals = signalsOf(evidence);
  const series = [...new Set(signals.flatMap((s) => (s.series === undefined ? [] : [s.series])))];
  const links: AlertLinks = { series: [] };
  const { kibanaUrl, prometheusUrl } = options.links;
  if (kibanaUrl) {
    links.kibana = kibanaDiscoverUrl({
      kibanaUrl,
      namespace: evidence.workload.namespace,
      workload: evidence.workload.name,
      ...window,
    });
  }
  if (prometheusUrl) {
    links.series = series.map((s) => ({
      series: s,
      url: prometheusGraphUrl(prometheusUrl, prometheusExpr(s), window.to),
    }));
    if (links.series[0]) links.prometheus = links.series[0].url;
  }
  const content = {
    fingerprint: input.fingerprint,
    version: input.version,
    status: input.status,
    cluster: options.cluster,
    workload: evidence.workload,
    pods: [...evidence.pods],
    series,
    detectors: [...new Set(signals.map((s) => s.detector))].sort(),
    signals,
    score: evidence.maxScore,
    severity: severityOf(evidence.maxScore),
    startsAt: evidence.firstEventAt,
    lastEventAt: evidence.lastEventAt,
    updatedAt: new Date(input.now).toISOString(),
    window,
    templates: topTemplates(evidence, options.maxTemplates),
    links,
    events: evidence.events,
  };
  return { ...content, ...alertText(content) };
}
