import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Daytwo-Signature';

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the destination's secret. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
