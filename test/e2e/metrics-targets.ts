import type { ServerResponse } from 'node:http';
import { httpTarget, type HttpTarget } from '../integration/collector-metrics-support';

type Handler = Parameters<typeof httpTarget>[0];

/** The steady target's series: `e2e_steady_total{n}`, valued with the number of the scrape. */
export const STEADY_SERIES = ['a', 'b', 'c', 'd'];
const FIVE_MIB = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(5 * 1024));

/** A target answering `body(n)` to its n-th scrape. */
const exposing =
  (body: (n: number) => string | Buffer): Handler =>
  (_req, res: ServerResponse, n) =>
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body(n));

const steadyBody = (n: number) =>
  `# TYPE e2e_steady counter\n${STEADY_SERIES.map((s) => `e2e_steady_total{n="${s}"} ${n}\n`).join('')}`;
const filesBody = (value: number) => `# TYPE e2e_files_value gauge\ne2e_files_value ${value}\n`;

/** The local scrape targets of the metrics e2e test, each an HTTP server of the test process. */
export class MetricsTargets {
  private constructor(
    readonly steady: HttpTarget,
    /** Never answers. */
    readonly timeout: HttpTarget,
    /** Answers bytes that are no exposition format. */
    readonly garbage: HttpTarget,
    /** Answers 5 MiB (comment lines), above the collector's body size limit. */
    readonly huge: HttpTarget,
    /** In the file_sd file at first, then removed: `e2e_files_value 7`. */
    readonly ephemeral: HttpTarget,
    /** Stays in the file_sd file: `e2e_files_value 8`. */
    readonly keeper: HttpTarget,
  ) {}

  static async start(): Promise<MetricsTargets> {
    const handlers: Handler[] = [
      exposing(steadyBody),
      () => undefined,
      exposing(() => '\u0000\u00ff<html>{{ this is not an exposition }}</html>\n'),
      exposing(() => FIVE_MIB),
      exposing(() => filesBody(7)),
      exposing(() => filesBody(8)),
    ];
    const [steady, timeout, garbage, huge, ephemeral, keeper] = await Promise.all(handlers.map((h) => httpTarget(h)));
    return new MetricsTargets(steady!, timeout!, garbage!, huge!, ephemeral!, keeper!);
  }

  get bad(): HttpTarget[] {
    return [this.timeout, this.garbage, this.huge];
  }

  async close(): Promise<void> {
    const all = [this.steady, ...this.bad, this.ephemeral, this.keeper];
    await Promise.all(all.map((t) => t.close()));
  }
}
