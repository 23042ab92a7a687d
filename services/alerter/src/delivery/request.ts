import type { DestinationConfig } from '../config';
import type { Alert } from '../model/alert';
import { alertmanagerAlerts } from '../render/alertmanager';
import { slackMessage } from '../render/slack';
import type { PostRequest } from './http-poster';
import { SIGNATURE_HEADER, signBody } from './signature';

export const ALERTMANAGER_ALERTS_PATH = '/api/v2/alerts';

export interface RequestContext {
  now: number;
  resolveTimeoutMs: number;
  /** Sent as `X-Daytwo-Delivery`: the same on every attempt, so a receiver can drop repeats. */
  deliveryId: string;
}

/** The URL a destination is posted to: Alertmanager destinations name the server, the API path is added. */
export function destinationUrl(destination: Pick<DestinationConfig, 'type' | 'url'>): string {
  if (destination.type !== 'alertmanager') return destination.url;
  const base = destination.url.replace(/\/+$/, '');
  return base.endsWith(ALERTMANAGER_ALERTS_PATH) ? base : `${base}${ALERTMANAGER_ALERTS_PATH}`;
}

export function requestBody(destination: Pick<DestinationConfig, 'type'>, alert: Alert, ctx: RequestContext): unknown {
  switch (destination.type) {
    case 'webhook':
      return alert;
    case 'slack':
      return slackMessage(alert);
    case 'alertmanager':
      return alertmanagerAlerts(alert, { now: ctx.now, resolveTimeoutMs: ctx.resolveTimeoutMs });
  }
}

/** The complete request: rendered body, signature over its exact bytes, auth and the configured headers. */
export function deliveryRequest(destination: DestinationConfig, alert: Alert, ctx: RequestContext): PostRequest {
  const body = Buffer.from(JSON.stringify(requestBody(destination, alert, ctx)));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'daytwo-alerter',
    'x-daytwo-delivery': ctx.deliveryId,
  };
  // Lower-cased so a configured `Content-Type` replaces the default instead of being sent next to it.
  for (const [name, value] of Object.entries(destination.headers)) headers[name.toLowerCase()] = value;
  if (destination.hmacSecret !== undefined) {
    headers[SIGNATURE_HEADER.toLowerCase()] = signBody(destination.hmacSecret, body);
  }
  if (destination.auth) {
    const { username, password } = destination.auth;
    headers['authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return { url: destinationUrl(destination), headers, body, timeoutMs: destination.timeoutMs };
}
