import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { ScrapeJob } from '../scrape/scrape-job';
import type { DiscoveryMetrics } from './discovery-metrics';
import { FileSdError, parseFileSd } from './file-sd-format';
import { jobOf, type FileTargetsConfig } from './source-config';
import type { DiscoveryProvider, GroupsListener } from './target-group';

/** Editors and config-map updates write in several steps: read once they are done. */
const CHANGE_SETTLE_MS = 50;

export interface FileSdDiscoveryDeps {
  logger: Logger;
  metrics: DiscoveryMetrics;
}

/**
 * `targets.files[i]`: a file_sd file, re-read when the directory reports a change (fs.watch, which also sees the
 * rename of an atomic replace) and every `refreshInterval` in case a notification was lost. A missing file means no
 * targets; an invalid one keeps the previous targets.
 */
export class FileSdDiscovery implements DiscoveryProvider {
  readonly job: ScrapeJob;
  private listener: GroupsListener | undefined;
  private watcher: FSWatcher | undefined;
  private interval: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;
  private lastText: string | null | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly config: FileTargetsConfig,
    private readonly deps: FileSdDiscoveryDeps,
  ) {
    this.job = jobOf(config);
  }

  async start(listener: GroupsListener): Promise<void> {
    this.listener = listener;
    await this.refresh();
    this.watchDirectory();
    this.interval = setInterval(() => void this.refresh(), this.config.refreshInterval);
  }

  async stop(): Promise<void> {
    this.listener = undefined;
    this.watcher?.close();
    clearInterval(this.interval);
    clearTimeout(this.settle);
    await this.reading;
  }

  /** Reads are chained, so an older read never overwrites a newer one. */
  refresh(): Promise<void> {
    this.reading = this.reading.then(() => this.read()).catch((err: unknown) => this.failed('read', err));
    return this.reading;
  }

  private watchDirectory(): void {
    const file = basename(this.config.path);
    try {
      this.watcher = watch(dirname(this.config.path), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== file) return;
        clearTimeout(this.settle);
        this.settle = setTimeout(() => void this.refresh(), CHANGE_SETTLE_MS);
      });
      this.watcher.on('error', (err) => this.watchFailed(err));
    } catch (err) {
      this.watchFailed(err);
    }
  }

  private watchFailed(err: unknown): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.deps.logger.warn(
      { err, file: this.config.path, refreshIntervalMs: this.config.refreshInterval },
      'cannot watch the file_sd directory; relying on the periodic re-read',
    );
  }

  private async read(): Promise<void> {
    if (!this.listener) return;
    const { path } = this.config;
    let text: string | null;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return this.failed('read', err);
      text = null;
    }
    if (text === this.lastText) return;
    if (text === null) {
      this.lastText = text;
      this.deps.logger.warn({ file: path }, 'file_sd file does not exist: no targets from it');
      return this.listener([]);
    }
    let groups;
    try {
      groups = parseFileSd(path, text);
    } catch (err) {
      if (err instanceof FileSdError) return this.failed('invalid', err);
      throw err;
    }
    this.lastText = text;
    this.deps.logger.info({ file: path, groups: groups.length }, 'file_sd targets loaded');
    this.listener(groups);
  }

  private failed(reason: string, err: unknown): void {
    this.deps.metrics.errors.inc({ provider: this.name, reason });
    this.deps.logger.warn({ err, file: this.config.path }, 'file_sd file not usable; keeping its previous targets');
  }
}
