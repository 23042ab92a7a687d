import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ScrapeLoop, type ScrapeLoopDeps } from './scrape-loop';
import { scrapeMetrics, type TargetState } from './scrape-metrics';
import type { ScrapeTarget } from './scrape-target';

export interface TargetStatus {
  url: string;
  labels: Readonly<Record<string, string>>;
  state: TargetState;
  lastError: string | undefined;
}

/** Keeps one scrape loop per current target: new targets start scraping, removed ones end with staleness markers. */
export class ScrapeManager {
  private readonly loops = new Map<string, ScrapeLoop>();
  private readonly stopping = new Set<Promise<void>>();
  private stopped = false;
  private readonly deps: ScrapeLoopDeps;

  constructor(
    deps: Omit<ScrapeLoopDeps, 'metrics'>,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.deps = { ...deps, metrics: scrapeMetrics(registry, () => this.stateCounts()) };
  }

  /** Makes the running loops match `targets` (the complete current set). */
  sync(targets: readonly ScrapeTarget[]): void {
    if (this.stopped) return;
    const wanted = new Map(targets.map((t) => [t.key, t]));
    const removed: string[] = [];
    for (const [key, loop] of this.loops) {
      if (wanted.has(key)) continue;
      this.loops.delete(key);
      removed.push(loop.target.url);
      const stopping = loop
        .stop(true)
        .catch((err: unknown) => this.logger.error({ err, target: loop.target.url }, 'stopping a scrape loop failed'))
        .finally(() => this.stopping.delete(stopping));
      this.stopping.add(stopping);
    }
    const added: string[] = [];
    for (const target of wanted.values()) {
      if (this.loops.has(target.key)) continue;
      const loop = new ScrapeLoop(target, this.deps);
      this.loops.set(target.key, loop);
      loop.start();
      added.push(target.url);
    }
    if (added.length > 0 || removed.length > 0) {
      this.logger.info({ added, removed, targets: this.loops.size }, 'scrape targets changed');
    }
  }

  /** Stops every loop without staleness markers (shutdown), and waits for loops still ending. */
  async stop(): Promise<void> {
    this.stopped = true;
    const loops = [...this.loops.values()];
    this.loops.clear();
    await Promise.all(loops.map((loop) => loop.stop(false)));
    await Promise.all(this.stopping);
  }

  stateCounts(): Record<TargetState, number> {
    const counts: Record<TargetState, number> = { unknown: 0, up: 0, down: 0 };
    for (const loop of this.loops.values()) counts[loop.state]++;
    return counts;
  }

  targets(): TargetStatus[] {
    return [...this.loops.values()].map(({ target, state, lastError }) => ({
      url: target.url,
      labels: target.labels,
      state,
      lastError,
    }));
  }
}
