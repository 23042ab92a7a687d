import { Counter, Histogram, MetricSet } from './prometheus-text';
import { between, eventsIn, latency, pick } from './random';
import type { TickOutput, Workload } from './workload';

const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const THREADS = ['nio-8080-exec-1', 'nio-8080-exec-3', 'nio-8080-exec-7', 'scheduling-1'];

function springTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

function line(ms: number, level: string, logger: string, message: string): string {
  return `${springTime(ms)} ${level.padStart(5)} 1 --- [${pick(THREADS).padStart(15)}] ${logger.padEnd(40)} : ${message}`;
}

function stackTrace(invoice: number, ms: number): string {
  return [
    line(ms, 'ERROR', 'c.e.billing.pdf.PdfRenderer', `Failed to render invoice ${invoice}`),
    'java.lang.IllegalStateException: font cache not initialized',
    '\tat com.example.billing.pdf.FontCache.get(FontCache.java:42)',
    '\tat com.example.billing.pdf.PdfRenderer.render(PdfRenderer.java:88)',
    '\tat com.example.billing.InvoiceService.createPdf(InvoiceService.java:131)',
    '\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
    '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
    'Caused by: java.io.FileNotFoundException: /usr/share/fonts/dejavu/DejaVuSans.ttf (No such file or directory)',
    '\tat java.base/java.io.FileInputStream.open0(Native Method)',
    '\tat java.base/java.io.FileInputStream.open(FileInputStream.java:213)',
    '\t... 4 more',
  ].join('\n');
}

/**
 * A Spring Boot billing service: one log line per invoice, and now and then a PDF rendering failure with a stack
 * trace over several physical lines (about 4 a minute: its normal error rate).
 */
export class BillingService implements Workload {
  readonly name = 'billing';
  readonly identity = { namespace: 'shop', pod: 'billing-5f7d9c8b6-k2l3m', container: 'billing' };
  readonly metrics = new MetricSet();
  private readonly requests = this.metrics.add(
    new Counter('http_requests_total', 'HTTP requests by method, route and status code'),
  );
  private readonly duration = this.metrics.add(
    new Histogram('http_server_requests_seconds', 'HTTP request latency (Spring Boot)', LATENCY_BUCKETS),
  );
  private invoice = 4700;

  tick(now: number, seconds: number): TickOutput {
    const stdout: string[] = [];
    for (let i = eventsIn(seconds, 1); i > 0; i--) {
      const invoice = ++this.invoice;
      // Every 15th invoice fails (about 4 a minute), the first one soon after the start.
      const failed = invoice % 15 === 3;
      this.requests.inc({ method: 'POST', route: '/invoices', code: failed ? '500' : '201' });
      this.duration.observe(latency(0.08), { uri: '/invoices' });
      if (failed) {
        stdout.push(stackTrace(invoice, now));
        continue;
      }
      stdout.push(
        line(
          now,
          'INFO',
          'c.e.billing.InvoiceService',
          `Invoice ${invoice} created for order ${between(8000, 9999)} (${between(1, 6)} items)`,
        ),
      );
    }
    return { stdout, stderr: [] };
  }
}
