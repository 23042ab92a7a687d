import { errors, type Client } from '@elastic/elasticsearch';
import type { IndexMode } from './index-naming';

export type ConfiguredIndexMode = IndexMode | 'auto';

export interface DataStreamSupport {
  supported: boolean;
  /** Why, for the log line that announces the chosen mode. */
  detail: string;
}

/**
 * Whether the cluster manages data streams. A full cluster answers `GET /_data_stream/<name>` with 200 or 404 (no
 * such stream); a build without the data-stream module answers 405 or 400 for the unknown route. Anything else
 * (connection refused, 401, 5xx) is not an answer and is thrown, so the caller retries instead of guessing.
 */
export async function detectDataStreamSupport(client: Client, probeName: string): Promise<DataStreamSupport> {
  try {
    await client.transport.request({ method: 'GET', path: `/_data_stream/${encodeURIComponent(probeName)}` });
    return { supported: true, detail: 'GET /_data_stream answered 200' };
  } catch (err) {
    if (err instanceof errors.ResponseError) {
      const status = err.statusCode;
      if (status === 404) return { supported: true, detail: 'GET /_data_stream answered 404 (no such stream)' };
      if (status === 400 || status === 405 || status === 410) {
        return { supported: false, detail: `GET /_data_stream answered ${status}: no data stream management API` };
      }
    }
    throw err;
  }
}

export function chooseIndexMode(configured: ConfiguredIndexMode, support: DataStreamSupport | undefined): IndexMode {
  if (configured !== 'auto') return configured;
  return support?.supported ? 'data_stream' : 'daily';
}
