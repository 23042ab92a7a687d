import { redisConnectionOptions } from '@daytwo/core';
import { memoryStateStore, ProcessorRetryableError, type ProcessorStateStore } from '@daytwo/processor-api';
import IORedis from 'ioredis';
import type { RedisStateConfig } from './state-config';

interface StateLogger {
  warn(obj: object, msg?: string): void;
}

/** Where processors keep durable state: one connection, one key namespace per pipeline and processor. */
export interface StateBackend {
  /** `<prefix><pipeline>:<processor>:` namespace. */
  store(pipeline: string, processor: string): ProcessorStateStore;
  close(): Promise<void>;
}

function unavailable(what: string, err: unknown): ProcessorRetryableError {
  return new ProcessorRetryableError(`state store ${what} failed: ${(err as Error).message}`, { cause: err });
}

/**
 * Redis-backed state. The connection opens on the first call, so processors without state never need Redis. A failing
 * call rejects with ProcessorRetryableError: the batch is retried later instead of its records being dead-lettered.
 */
export class RedisStateBackend implements StateBackend {
  private readonly client: IORedis;
  private lastError: string | undefined;

  constructor(
    private readonly config: RedisStateConfig,
    logger?: StateLogger,
  ) {
    this.client = new IORedis(config.url, {
      lazyConnect: true,
      // Certificate files are read here, once: an unreadable one stops the processor at start.
      ...redisConnectionOptions(config, 'state.redis'),
      connectTimeout: config.connectTimeoutMs,
      // How long a closing socket may linger (ioredis keeps this timer even for a socket that never connected).
      disconnectTimeout: Math.min(config.connectTimeoutMs, 2_000),
      commandTimeout: config.commandTimeoutMs,
      // Fail calls fast while Redis is away; the consumer's backoff does the waiting.
      maxRetriesPerRequest: 1,
    });
    // Without a listener ioredis prints every connection error; log each distinct one once instead.
    this.client.on('error', (err: Error) => {
      if (err.message === this.lastError) return;
      this.lastError = err.message;
      logger?.warn({ err }, 'redis state store connection error');
    });
    this.client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  store(pipeline: string, processor: string): ProcessorStateStore {
    const prefix = `${this.config.keyPrefix}${pipeline}:${processor}:`;
    return {
      get: async (key) => {
        try {
          return (await this.client.get(prefix + key)) ?? undefined;
        } catch (err) {
          throw unavailable('get', err);
        }
      },
      set: async (key, value) => {
        try {
          await this.client.set(prefix + key, value);
        } catch (err) {
          throw unavailable('set', err);
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit();
    else this.client.disconnect();
  }
}

/** In-process state for development: lost on restart, not shared between replicas. */
export class MemoryStateBackend implements StateBackend {
  private readonly stores = new Map<string, ProcessorStateStore>();

  store(pipeline: string, processor: string): ProcessorStateStore {
    const key = `${pipeline}:${processor}`;
    let store = this.stores.get(key);
    if (!store) {
      store = memoryStateStore();
      this.stores.set(key, store);
    }
    return store;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
