import { Counter, Gauge, MetricSet } from './prometheus-text';
import { between, eventsIn, hex, latency, pick } from './random';
import type { TickOutput, Workload } from './workload';

const QUEUES = ['thumbnails', 'emails'];

/**
 * A background worker logging JSON: a line per job, retries as warnings, and every half minute a reconnect line
 * whose database URL carries a password (the redact processor replaces it before anything is stored).
 */
export class QueueWorker implements Workload {
  readonly name = 'worker';
  readonly identity = { namespace: 'jobs', pod: 'worker-6b8fd9c7b-qz5wk', container: 'worker' };
  readonly metrics = new MetricSet();
  private readonly depth = this.metrics.add(new Gauge('worker_queue_depth', 'Jobs waiting, by queue'));
  private readonly processed = this.metrics.add(
    new Counter('worker_jobs_processed_total', 'Jobs finished, by queue and outcome'),
  );
  private readonly depths = new Map(QUEUES.map((q) => [q, 20]));
  private sinceReconnect = Number.POSITIVE_INFINITY;

  tick(now: number, seconds: number): TickOutput {
    const time = new Date(now).toISOString();
    const stdout: string[] = [];
    this.sinceReconnect += seconds;
    if (this.sinceReconnect >= 30) {
      this.sinceReconnect = 0;
      stdout.push(
        JSON.stringify({
          time,
          level: 'info',
          msg: 'connecting to postgres://worker:s3cr3t-Pa55@db.jobs.svc:5432/jobs',
          component: 'db',
        }),
      );
    }
    for (let i = eventsIn(seconds, 2); i > 0; i--) {
      const queue = pick(QUEUES);
      const retried = Math.random() < 0.05;
      const outcome = retried ? 'retried' : 'done';
      this.processed.inc({ queue, outcome });
      const durationMs = Math.round(latency(0.15) * 1000);
      stdout.push(
        JSON.stringify(
          retried
            ? { time, level: 'warn', msg: 'job retried', queue, job_id: hex(8), attempt: between(2, 4) }
            : { time, level: 'info', msg: 'job done', queue, job_id: hex(8), duration_ms: durationMs },
        ),
      );
    }
    for (const queue of QUEUES) {
      const next = Math.max(0, (this.depths.get(queue) ?? 0) + between(-3, 3));
      this.depths.set(queue, next);
      this.depth.set(next, { queue });
    }
    return { stdout, stderr: [] };
  }
}
