import { Counter, Gauge, type Registry } from 'prom-client';

export interface AlerterMetrics {
  events: Counter<'outcome'>;
  alertsCreated: Counter;
  alertsDeduplicated: Counter;
  alertsResolved: Counter;
  deliveries: Counter<'destination' | 'outcome'>;
  deadLetters: Counter<'reason'>;
}

export function alerterMetrics(registry: Registry): AlerterMetrics {
  const registers = [registry];
  return {
    events: new Counter({
      name: 'daytwo_alerter_events_total',
      help: 'Anomaly events by what they did: opened, grouped, deduplicated, duplicate, resolved, ignored',
      labelNames: ['outcome'],
      registers,
    }),
    alertsCreated: new Counter({
      name: 'daytwo_alerter_alerts_created_total',
      help: 'New alerts (first firing version of an incident)',
      registers,
    }),
    alertsDeduplicated: new Counter({
      name: 'daytwo_alerter_alerts_deduplicated_total',
      help: 'Events and groups that belonged to an incident already alerted, so no new alert was made',
      registers,
    }),
    alertsResolved: new Counter({
      name: 'daytwo_alerter_alerts_resolved_total',
      help: 'Resolved versions queued',
      registers,
    }),
    deliveries: new Counter({
      name: 'daytwo_alerter_deliveries_total',
      help: 'Delivery attempts by destination and outcome: ok, retried, failed (given up)',
      labelNames: ['destination', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'daytwo_alerter_dead_letter_total',
      help: 'Anomaly events dead-lettered, by reason',
      labelNames: ['reason'],
      registers,
    }),
  };
}

export type JobCounts = (destination: string) => Promise<Record<string, number>>;

/** Queue depth per destination and job state, read from Redis on every scrape. */
export function registerQueueDepth(registry: Registry, destinations: readonly string[], counts: JobCounts): Gauge {
  return new Gauge({
    name: 'daytwo_alerter_queue_jobs',
    help: 'Delivery jobs per destination and state (waiting, delayed, active, failed)',
    labelNames: ['destination', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        destinations.map(async (destination) => {
          try {
            for (const [state, n] of Object.entries(await counts(destination))) this.set({ destination, state }, n);
          } catch {
            // Redis unreachable: the scrape still answers; readiness reports the outage.
          }
        }),
      );
    },
  });
}
