import { Counter, Histogram, MetricSet } from './prometheus-text';
import { between, eventsIn, hex, latency, pick } from './random';
import type { TickOutput, Workload } from './workload';

const ROUTES = [
  { method: 'GET', route: '/api/products', path: () => '/api/products', weight: 5, median: 0.03 },
  {
    method: 'GET',
    route: '/api/products/:id',
    path: () => `/api/products/${between(1, 500)}`,
    weight: 8,
    median: 0.02,
  },
  { method: 'POST', route: '/api/cart', path: () => '/api/cart', weight: 3, median: 0.05 },
  { method: 'POST', route: '/api/checkout', path: () => '/api/checkout', weight: 1, median: 0.12 },
] as const;
const WEIGHTED = ROUTES.flatMap((r) => Array<(typeof ROUTES)[number]>(r.weight).fill(r));
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const AGENTS = ['shop-frontend/2.3', 'Mozilla/5.0 (X11; Linux x86_64)', 'okhttp/4.12.0'];

function clfTime(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * An HTTP API behind the shop: a common-log-format access line per request on stdout, application errors on stderr.
 * The incident: its payments upstream times out, so requests slow down 25-fold and 40 % fail with 503 and an error line.
 */
export class WebService implements Workload {
  readonly name = 'web';
  readonly identity = { namespace: 'shop', pod: 'web-7c9d8b6f5d-x2x4q', container: 'web' };
  readonly metrics = new MetricSet();
  private readonly requests = this.metrics.add(
    new Counter('http_requests_total', 'HTTP requests by method, route and status code'),
  );
  private readonly duration = this.metrics.add(
    new Histogram('http_request_duration_seconds', 'HTTP request latency', LATENCY_BUCKETS),
  );

  tick(now: number, seconds: number, incident: boolean): TickOutput {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const n = eventsIn(seconds, incident ? 12 : 6);
    for (let i = 0; i < n; i++) {
      const r = pick(WEIGHTED);
      const path = r.path();
      let took = latency(r.median);
      let code = Math.random() < 0.02 ? 404 : 200;
      if (incident) {
        took *= 25;
        if (Math.random() < 0.4) {
          code = 503;
          took = 2 + Math.random() * 0.05;
          stderr.push(
            `${new Date(now).toISOString()} ERROR ${r.method} ${path} failed: upstream payments timed out after ` +
              `2000ms (request_id=${hex(12)})`,
          );
        }
      }
      this.requests.inc({ method: r.method, route: r.route, code: String(code) });
      this.duration.observe(took);
      const bytes = code === 200 ? between(200, 9000) : 64;
      stdout.push(
        `10.42.${between(0, 3)}.${between(2, 250)} - - [${clfTime(now)}] "${r.method} ${path} HTTP/1.1" ${code} ` +
          `${bytes} "-" "${pick(AGENTS)}" rt=${took.toFixed(3)}`,
      );
    }
    return { stdout, stderr };
  }
}
