import { Counter, Gauge, type Registry } from 'prom-client';

export interface DiscoveryMetrics {
  /** Targets handed to the scrapers, by provider. */
  targets: Gauge<'provider'>;
  /** Discovered targets not scraped: dropped by relabeling (sharding, filtering) or invalid. */
  targetsDropped: Gauge<'provider' | 'reason'>;
  /** Failed reads of a file, failed Kubernetes list/watch... */
  errors: Counter<'provider' | 'reason'>;
}

export function discoveryMetrics(registry: Registry): DiscoveryMetrics {
  return {
    targets: new Gauge({
      name: 'daytwo_discovery_targets',
      help: 'Targets to scrape, by the provider that discovered them',
      labelNames: ['provider'],
      registers: [registry],
    }),
    targetsDropped: new Gauge({
      name: 'daytwo_discovery_targets_dropped',
      help: 'Discovered targets not scraped: dropped by relabel_configs or invalid',
      labelNames: ['provider', 'reason'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'daytwo_discovery_errors_total',
      help: 'Failed discovery attempts (file unreadable or invalid, Kubernetes API errors)',
      labelNames: ['provider', 'reason'],
      registers: [registry],
    }),
  };
}
