import type { Logger } from 'pino';

export interface Tickable {
  tick(now: number): Promise<number>;
}

/** Runs the engine's tick every interval until stopped; a failing tick (Redis down) is logged and tried again. */
export class Sweeper {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly engine: Tickable,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.engine.tick(Date.now());
        if (this.failures > 0) this.logger.info({ failures: this.failures }, 'sweeper recovered');
        this.failures = 0;
      } catch (err) {
        // Once per outage, not once per interval.
        if (this.failures++ === 0) this.logger.warn({ err }, 'sweep failed; retrying every interval');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
