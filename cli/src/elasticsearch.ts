import type { CliConfig } from './config';
import { causeText, CliError, UnreachableError } from './errors';

export interface EsResponse<T> {
  status: number;
  body: T;
}

/** One Elasticsearch request with JSON in and out; no answer at all is an UnreachableError. */
export async function esRequest<T>(
  config: CliConfig,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<EsResponse<T>> {
  const { url, username, password } = config.elasticsearch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new UnreachableError(`cannot reach Elasticsearch at ${url}: ${causeText(err)}`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch {
    throw new CliError(
      `Elasticsearch answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}
