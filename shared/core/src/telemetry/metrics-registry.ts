import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of its own per service (never prom-client's global one, so tests and several services in one process do
 * not collide), labelled `service="<name>"`, with Node's process metrics (CPU, memory, event-loop lag, GC) unprefixed.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
