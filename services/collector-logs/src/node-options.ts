/**
 * V8 flags the collector should run with (NODE_OPTIONS in the DaemonSet and in docker-compose, and bench:logs).
 * Measured with bench:logs on Node 24 (2M lines, 2 cores): the default young generation (semi-spaces growing to
 * 16 MiB and more) cost 3.9 CPU-s and 197 MB peak RSS; 4 MiB semi-spaces 2.8 CPU-s and 145 MB; 2 MiB and 8 MiB were
 * both worse than 4. The collector's garbage is short-lived rows and request buffers: a small nursery that stays in
 * the CPU caches scavenges it cheapest. Flags cannot be changed once V8 runs, so they are set by whoever starts it.
 */
export const COLLECTOR_NODE_OPTIONS = '--max-semi-space-size=4';
