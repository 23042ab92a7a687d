import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { authorizationHeader, scrapeAgent } from './request-auth';
import { ScrapeError } from './scrape-error';
import type { ScrapeJob } from './scrape-job';

export interface HttpScraperOptions {
  url: string;
  job: ScrapeJob;
  timeoutMs: number;
  /** Limit of the (decompressed) body; the read is aborted beyond it. */
  bodySizeLimit: number;
  accept: string;
  userAgent: string;
}

export interface ScrapeResponse {
  body: string;
  contentType: string | undefined;
  /** Decompressed body size. */
  bytes: number;
}

/** Scrapes one target over HTTP(S) with a reused keep-alive connection: timeout, gzip and a body size limit. */
export class HttpScraper {
  private agent: Agent | undefined;
  private readonly url: URL;

  constructor(private readonly options: HttpScraperOptions) {
    this.url = new URL(options.url);
  }

  /** Resolves with the body, or rejects with a ScrapeError naming why. `stop` cancels the request. */
  async scrape(stop?: AbortSignal): Promise<ScrapeResponse> {
    const { timeoutMs, accept, userAgent, job } = this.options;
    const headers: Record<string, string> = {
      accept,
      'accept-encoding': 'gzip',
      'user-agent': userAgent,
      'x-prometheus-scrape-timeout-seconds': String(timeoutMs / 1000),
    };
    const authorization = await authorizationHeader(job);
    if (authorization !== undefined) headers['authorization'] = authorization;
    this.agent ??= scrapeAgent(this.url.protocol, job);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;

    return new Promise<ScrapeResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: ScrapeError) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(err);
      };
      const failed = (err: NodeJS.ErrnoException) => {
        if (timeout.aborted) fail(new ScrapeError('timeout', `scrape timed out after ${timeoutMs} ms`, { cause: err }));
        else if (stop?.aborted) fail(new ScrapeError('connection', 'scrape cancelled', { cause: err }));
        else fail(new ScrapeError('connection', `${err.code ?? err.name}: ${err.message}`, { cause: err }));
      };
      const req = send(this.url, { method: 'GET', headers, agent: this.agent, signal }, (res) => {
        res.on('error', failed);
        this.readBody(res, fail, (response) => {
          if (settled) return;
          settled = true;
          resolve(response);
        });
      });
      req.on('error', failed);
      req.end();
    });
  }

  private readBody(res: IncomingMessage, fail: (err: ScrapeError) => void, done: (r: ScrapeResponse) => void): void {
    const limit = this.options.bodySizeLimit;
    if (res.statusCode !== 200) {
      res.resume();
      return fail(new ScrapeError('http_status', `server returned HTTP status ${res.statusCode} ${res.statusMessage}`));
    }
    const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
    const tooLarge = () => new ScrapeError('body_size_limit', `body exceeds ${limit} bytes`);
    let body: Readable = res;
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      const gunzip = createGunzip();
      gunzip.on('error', (err) => fail(new ScrapeError('decompression', `invalid gzip body: ${err.message}`)));
      body = res.pipe(gunzip);
    } else if (encoding !== 'identity') {
      return fail(new ScrapeError('decompression', `unsupported Content-Encoding ${encoding}`));
    } else if (Number(res.headers['content-length']) > limit) {
      return fail(tooLarge());
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Stop reading at once: a huge body must not be buffered.
      if (bytes > limit) return fail(tooLarge());
      chunks.push(chunk);
    });
    body.on('end', () => {
      done({ body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'], bytes });
    });
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}
