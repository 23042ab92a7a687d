import type { Watch } from '@kubernetes/client-node';
import type { ObjectLike } from './pod-metadata';

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continueToken?: string;
}

/** One resource to list and watch: a list call (paginated) and the watch path of the same collection. */
export interface ListWatchSpec<T> {
  /** Names the collection in logs: `pods`, `replicasets in shop`. */
  readonly description: string;
  readonly watchPath: string;
  list(page: { limit: number; continueToken?: string }): Promise<ListPage<T>>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ListWatchHandlers<T> {
  /** A complete list: what is not in it is gone. */
  onList(items: T[]): void;
  onEvent(type: WatchEventType, object: T): void;
  /** A list or watch failed; the loop tries again after `retryInMs`. */
  onError(err: unknown, retryInMs: number): void;
  /** The watch's resourceVersion expired (410 Gone): everything is listed again. */
  onExpired?(): void;
}

export interface ListWatchOptions {
  pageSize: number;
  /** The server ends a watch after this long (it is then resumed from the last resourceVersion). */
  watchTimeoutSeconds: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** The API answered 410 Gone: the resourceVersion (or continue token) is too old; only a new list helps. */
export class ResourceVersionExpiredError extends Error {
  override name = 'ResourceVersionExpiredError';
}

/** A watch ERROR event carrying an API Status. */
export class WatchStatusError extends Error {
  override name = 'WatchStatusError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

/** The HTTP status of an error from the generated API (`code`) or from Watch (`statusCode`). */
export function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof code === 'number' ? code : undefined;
}

function watchStatusError(object: unknown): Error {
  const status = (object ?? {}) as { code?: unknown; message?: unknown; reason?: unknown };
  const code = typeof status.code === 'number' ? status.code : undefined;
  const text = [status.message, status.reason].find((t): t is string => typeof t === 'string') ?? 'unknown';
  const message = `watch error${code !== undefined ? ` ${code}` : ''}: ${text}`;
  return code === 410 ? new ResourceVersionExpiredError(message) : new WatchStatusError(message, code);
}

const SHORT_WATCH_MS = 1000;

/**
 * List, then watch from the list's resourceVersion, for as long as it runs: a watch that ends (server timeout, idle
 * connection) is resumed from the last resourceVersion seen (events and bookmarks); 410 Gone means that version is
 * no longer served, so everything is listed again; any other failure is retried with exponential backoff.
 * Handlers are never called after `stop()`.
 */
export class ListWatchLoop<T extends ObjectLike> {
  private resourceVersion: string | undefined;
  private stopped = false;
  private failures = 0;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private markSynced!: () => void;
  /** Settles after the first complete list. */
  readonly synced = new Promise<void>((resolve) => (this.markSynced = resolve));

  constructor(
    private readonly watch: Watch,
    private readonly spec: ListWatchSpec<T>,
    private readonly handlers: ListWatchHandlers<T>,
    private readonly options: ListWatchOptions,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    this.wake?.();
    // An API call in flight cannot be cancelled; do not wait for it longer than a moment.
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const startedAt = Date.now();
      try {
        if (this.resourceVersion === undefined) await this.listAll();
        if (this.stopped) break;
        await this.watchOnce();
        // A watch the server ends at once, over and over, must not become a busy loop.
        if (Date.now() - startedAt < SHORT_WATCH_MS) await this.sleep(this.nextBackoff());
        else this.failures = 0;
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof ResourceVersionExpiredError || httpStatusOf(err) === 410) {
          // A list answered 410 (its continue token expired): list again, but not in a busy loop.
          const wasListing = this.resourceVersion === undefined;
          this.resourceVersion = undefined;
          this.handlers.onExpired?.();
          if (wasListing) await this.sleep(this.nextBackoff());
          continue;
        }
        if ((err as { name?: unknown }).name === 'TimeoutError') continue; // an idle watch: resume it
        const delay = this.nextBackoff();
        this.handlers.onError(err, delay);
        await this.sleep(delay);
      }
    }
  }

  private async listAll(): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.spec.list({
        limit: this.options.pageSize,
        ...(continueToken !== undefined ? { continueToken } : {}),
      });
      for (const item of page.items) items.push(item);
      resourceVersion = page.resourceVersion;
      continueToken = page.continueToken === '' ? undefined : page.continueToken;
    } while (continueToken !== undefined && !this.stopped);
    if (this.stopped) return;
    this.handlers.onList(items);
    this.resourceVersion = resourceVersion;
    this.failures = 0;
    this.markSynced();
  }

  private watchOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err: unknown) => {
        if (settled) return;
        settled = true;
        this.controller?.abort();
        if (err) reject(err instanceof Error ? err : new Error(`watch failed: ${JSON.stringify(err)}`));
        else resolve();
      };
      const onEvent = (type: string, object: unknown) => {
        if (settled || this.stopped) return;
        if (type === 'ERROR') return finish(watchStatusError(object));
        const version = (object as ObjectLike | null)?.metadata?.resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.handlers.onEvent(type, object as T);
        if (typeof version === 'string' && version !== '') this.resourceVersion = version;
      };
      const query = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.options.watchTimeoutSeconds,
      };
      this.watch.watch(this.spec.watchPath, query, onEvent, finish).then((controller) => {
        this.controller = controller;
        if (settled || this.stopped) controller.abort();
      }, finish);
    });
  }

  private nextBackoff(): number {
    const base = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    // ±20% jitter, so replicas that failed together do not retry together.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
