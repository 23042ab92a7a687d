import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ConnectionOptions } from 'node:tls';

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
}

export interface PostResponse {
  status: number;
  retryAfter?: string;
  /** The first MAX_RESPONSE_BYTES of the body, as text. */
  body: string;
}

/** Enough of a receiver's answer to see why it refused; the rest is read and dropped. */
export const MAX_RESPONSE_BYTES = 4096;

/** No response at all: connection refused, reset, TLS failure or timeout. */
export class PostFailedError extends Error {
  override name = 'PostFailedError';
}

function readCapped(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
      size += chunk.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** POSTs to one destination over kept-alive connections, with its TLS options for https URLs. */
export class HttpPoster {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent: HttpsAgent;

  constructor(tls: ConnectionOptions = {}) {
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8, ...tls });
  }

  post(req: PostRequest): Promise<PostResponse> {
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<PostResponse>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { ...req.headers, 'content-length': String(req.body.length) },
          timeout: req.timeoutMs,
        },
        (res) => {
          readCapped(res).then(
            (body) => {
              const retryAfter = res.headers['retry-after'];
              resolve({ status: res.statusCode ?? 0, body, ...(retryAfter !== undefined ? { retryAfter } : {}) });
            },
            (err: Error) => reject(new PostFailedError(`response interrupted: ${err.message}`)),
          );
        },
      );
      request.on('timeout', () => request.destroy(new PostFailedError(`no response within ${req.timeoutMs} ms`)));
      request.on('error', (err: NodeJS.ErrnoException) =>
        reject(err instanceof PostFailedError ? err : new PostFailedError(err.code ?? err.message)),
      );
      request.end(req.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
