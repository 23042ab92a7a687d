import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { RemoteWriteAuthConfig, RemoteWriteTlsConfig } from './config';
import type { HttpAnswer } from './write-outcome';

/** A configuration problem found when building the client, naming the key (`remoteWrite.tls.caFile: ...`). */
export class RemoteWriteConfigError extends Error {
  override name = 'RemoteWriteConfigError';
}

export interface HttpEndpointOptions {
  auth?: RemoteWriteAuthConfig | undefined;
  tls?: RemoteWriteTlsConfig | undefined;
  headers: Readonly<Record<string, string>>;
  requestTimeoutMs: number;
  /** The config key of these options, for error messages. */
  keyPrefix?: string;
}

/** Bytes of an answer body that are read; the rest is discarded (error texts are short). */
const MAX_BODY_BYTES = 256 * 1024;

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new RemoteWriteConfigError(`${key}: cannot read ${path} (${code})`);
  }
}

function authorization(auth: RemoteWriteAuthConfig | undefined): string | undefined {
  if (auth?.bearerToken !== undefined) return `Bearer ${auth.bearerToken}`;
  if (auth?.username !== undefined && auth.password !== undefined) {
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
  return undefined;
}

/**
 * HTTP(S) to the remote-write receiver and its query API with one set of credentials, TLS options and headers, over
 * keep-alive connections. Never throws for transport problems: they come back as a `no-answer` HttpAnswer.
 */
export class HttpEndpoint {
  private readonly headers: Record<string, string>;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: HttpEndpointOptions) {
    const key = options.keyPrefix ?? 'remoteWrite';
    const tls = options.tls;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: !(tls?.insecureSkipVerify ?? false),
      ...(tls?.caFile ? { ca: readPem(tls.caFile, `${key}.tls.caFile`) } : {}),
      ...(tls?.certFile ? { cert: readPem(tls.certFile, `${key}.tls.certFile`) } : {}),
      ...(tls?.keyFile ? { key: readPem(tls.keyFile, `${key}.tls.keyFile`) } : {}),
      ...(tls?.serverName ? { servername: tls.serverName } : {}),
    });
    this.headers = { 'User-Agent': 'daytwo-sink', ...options.headers };
    const auth = authorization(options.auth);
    if (auth !== undefined) this.headers['Authorization'] = auth;
  }

  request(method: 'GET' | 'POST', url: URL, body?: Buffer, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    const allHeaders: Record<string, string | number> = { ...this.headers, ...headers };
    if (body !== undefined) allHeaders['Content-Length'] = body.length;
    return new Promise<HttpAnswer>((resolve) => {
      let sent = false;
      let settled = false;
      const finish = (answer: HttpAnswer) => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const req = transport.request(
        url,
        { method, headers: allHeaders, agent: secure ? this.httpsAgent : this.httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () =>
            finish({
              kind: 'answer',
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
              retryAfter: res.headers['retry-after'],
            }),
          );
          res.on('error', (error) => finish({ kind: 'no-answer', error, sent: true }));
        },
      );
      req.setTimeout(this.options.requestTimeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.options.requestTimeoutMs} ms`)),
      );
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (error) => finish({ kind: 'no-answer', error, sent }));
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
