import type { Logger } from 'pino';
import type { CollectorLogsConfig } from '../config';
import { DirectoryWatcher } from './directory-watcher';
import { NameFilter } from './name-filter';
import { scanPodLogs, type FoundLogFile } from './scanner';

export interface DiscoveryLoopOptions {
  discovery: CollectorLogsConfig['discovery'];
  logger: Logger;
  /** Gets the files of each scan; never called twice at once. */
  onScan: (files: FoundLogFile[]) => Promise<void>;
  /** Something changed in a watched directory (a file grew, or entries came or went). */
  onChange: (dir: string) => void;
}

const SCAN_DEBOUNCE_MS = 50;

/**
 * Finds log files: a scan at `start`, periodic rescans, and a scan soon after a watched directory gains or loses an
 * entry (bursts of events coalesce into one scan). Scans never overlap; one asked for meanwhile runs right after.
 */
export class DiscoveryLoop {
  private readonly filter: NameFilter;
  private readonly watcher: DirectoryWatcher;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private scanTimer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DiscoveryLoopOptions) {
    const { discovery, logger } = options;
    this.filter = new NameFilter(discovery.include, discovery.exclude);
    this.watcher = new DirectoryWatcher(
      (dir, eventType) => {
        options.onChange(dir);
        if (eventType === 'rename') this.requestScan();
      },
      (dir, err) => logger.debug({ dir, err }, 'directory not watched'),
    );
  }

  /** Scans once and keeps rescanning. */
  async start(): Promise<void> {
    await this.scan();
    this.interval = setInterval(() => void this.scan(), this.options.discovery.rescanIntervalMs);
  }

  /** A scan soon. */
  requestScan(): void {
    if (this.stopped || this.scanTimer !== undefined) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = undefined;
      void this.scan();
    }, SCAN_DEBOUNCE_MS);
  }

  /** Never rejects: a failed scan is logged and the next one tries again. */
  scan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        try {
          await this.scanOnce();
        } catch (err) {
          this.options.logger.error({ err }, 'scan failed');
        }
      } while (this.rescan && !this.stopped);
    })().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const { discovery } = this.options;
    const { files, directories } = await scanPodLogs(discovery.root, this.filter);
    if (this.stopped) return;
    if (discovery.watch) this.watcher.sync([discovery.root, ...directories]);
    await this.options.onScan(files);
  }

  /** Stops watching and rescanning; resolves once a scan in progress ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    clearTimeout(this.scanTimer);
    this.watcher.close();
    await this.scanning;
  }
}
