import type { Alert } from '../model/alert';
import { formatNumber, signalPhrase, workloadLabel } from './text';

/** Slack limits a section's text to 3000 characters. */
const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack mrkdwn treats only these as control characters in plain text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_LIMIT) } });
const field = (label: string, value: string) => ({ type: 'mrkdwn', text: clip(`*${label}*\n${value}`, FIELD_LIMIT) });

export function statusTag(alert: Pick<Alert, 'status'>): string {
  return alert.status === 'firing' ? '[FIRING]' : '[RESOLVED]';
}

/** A Slack-compatible incoming-webhook body: `text` as the notification fallback, `blocks` with the details. */
export function slackMessage(alert: Alert): SlackMessage {
  const e = escapeMrkdwn;
  const headline = `${statusTag(alert)} ${alert.title}`;
  const blocks: Array<Record<string, unknown>> = [section(`*${e(headline)}*\n${e(alert.summary)}`)];
  const fields = [
    field('Cluster', e(alert.cluster)),
    field('Workload', e(workloadLabel(alert))),
    field('Score', `${formatNumber(alert.score)} (${alert.severity})`),
    field('When', alert.endsAt ? `${alert.startsAt} – ${alert.endsAt}` : `since ${alert.startsAt}`),
  ];
  if (alert.pods.length > 0) fields.push(field('Pods', e(alert.pods.join(', '))));
  blocks.push({ type: 'section', fields });
  blocks.push(section(`*What*\n${alert.signals.map((s) => `• ${e(signalPhrase(s))}`).join('\n')}`));
  if (alert.templates.length > 0) {
    const lines = alert.templates.map((t) => {
      const example = t.example === undefined ? '' : `\n   e.g. \`${e(t.example.replace(/`/g, "'"))}\``;
      return `• ${t.count}× \`${e(t.text.replace(/`/g, "'"))}\`${example}`;
    });
    blocks.push(section(`*Top log templates*\n${lines.join('\n')}`));
  }
  const links = [];
  if (alert.links.kibana) links.push(`<${alert.links.kibana}|Logs in Kibana>`);
  for (const [i, link] of alert.links.series.slice(0, 5).entries()) links.push(`<${link.url}|Graph ${i + 1}>`);
  if (links.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
  return { text: `${headline}: ${alert.summary}`, blocks };
}
