import { tlsConnectionOptions } from '@daytwo/core';
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AlerterConfig } from '../config';
import { registerQueueDepth, type AlerterMetrics } from '../metrics';
import { outageLogger } from '../outage-logger';
import { createRedisClient } from '../state/redis-client';
import { HttpPoster } from './http-poster';
import { DeliveryQueues } from './queues';
import { startDeliveryWorker } from './worker';

export interface DeliveryService {
  queues: DeliveryQueues;
  /** Lets the workers finish their current requests, then closes queues, connections and HTTP agents. */
  close(): Promise<void>;
}

/** A queue and a worker per destination, on a Redis connection of their own (BullMQ needs it to block). */
export function startDelivery(
  config: AlerterConfig,
  deps: { logger: Logger; metrics: AlerterMetrics; registry: Registry },
): DeliveryService {
  const { logger } = deps;
  const redis = createRedisClient(
    config.redis,
    { connectionName: 'daytwo-alerter-queues', maxRetriesPerRequest: null },
    outageLogger(logger, 'redis (queues)'),
  );
  const queueErrors = outageLogger(logger, 'delivery queue');
  const queues = new DeliveryQueues(config.destinations, redis, config.redis.prefix, (err) => queueErrors(err));
  const posters: HttpPoster[] = [];
  const workers: Worker[] = [];
  const close = async () => {
    await Promise.allSettled(workers.map((w) => w.close()));
    await queues.close();
    for (const poster of posters) poster.close();
    redis.disconnect();
  };
  try {
    for (const destination of config.destinations) {
      const tls = destination.tls ? tlsConnectionOptions(destination.tls, `destinations.${destination.name}.tls`) : {};
      const poster = new HttpPoster(tls);
      posters.push(poster);
      const workerErrors = outageLogger(logger, `delivery worker ${destination.name}`);
      workers.push(
        startDeliveryWorker({
          destination,
          connection: redis,
          prefix: config.redis.prefix,
          queue: queues.queue(destination.name),
          poster,
          resolveTimeoutMs: config.grouping.resolveTimeoutSeconds * 1000,
          metrics: deps.metrics,
          logger,
          onError: workerErrors,
        }),
      );
    }
  } catch (err) {
    void close();
    throw err;
  }
  registerQueueDepth(
    deps.registry,
    config.destinations.map((d) => d.name),
    (d) => queues.jobCounts(d),
  );
  return { queues, close };
}
