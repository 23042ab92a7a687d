/**
 * V8 flags every daytwo service runs with: NODE_OPTIONS in the container image (so the DaemonSet, the Deployments and
 * docker-compose get it), and the flags the demo and the benchmarks start services with. Flags cannot be changed once
 * V8 runs, so whoever starts the process passes them.
 *
 * Measured with bench:logs on Node 24 (2 cores): Node's default young generation (semi-spaces growing to 16 MiB and
 * more) against 4 MiB semi-spaces — collector-logs 3.9 -> 2.8 CPU-s and 197 -> 145 MB peak RSS per 2M lines; processor
 * and sink as fast, 403 -> 290 MB and 430 -> 330 MB peak RSS on a 500k-record backlog; 2 and 8 MiB did worse for the
 * collector (again once it reused its row buffers: peak RSS 118 MB at 4 MiB, 135 at 2, 132 at 1; a 4 MiB minimum
 * changed nothing). Their garbage is short-lived rows, records and request buffers: a nursery that stays in the CPU caches
 * scavenges it cheapest.
 */
export const SERVICE_NODE_OPTIONS = '--max-semi-space-size=4';

/** SERVICE_NODE_OPTIONS as arguments of `node`. */
export const SERVICE_NODE_ARGS: readonly string[] = SERVICE_NODE_OPTIONS.split(' ');
