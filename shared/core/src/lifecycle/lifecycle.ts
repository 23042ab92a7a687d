import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export type ShutdownStepFn = () => Promise<void> | void;

export interface ShutdownStep {
  name: string;
  run: ShutdownStepFn;
}

/** `main` steps are the service's (stop intake, drain, commit, close); `final` ones run after all of them. */
export type ShutdownPhase = 'main' | 'final';

export interface LifecycleOptions {
  logger: Logger;
  /** Budget for all steps together; past it the process exits 1. Default 25 s (inside Kubernetes' 30 s grace). */
  timeoutMs?: number;
  /** Default process.exit. */
  exit?: (code: number) => void;
  /** Where signals and crash events come from. Default process. */
  events?: EventEmitter;
  signals?: readonly NodeJS.Signals[];
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * Graceful shutdown of a service. On SIGTERM/SIGINT the registered steps run one after another, in registration
 * order, and the process exits 0; a failing step is logged, the rest still run, and the exit code is 1. When the steps
 * take longer than `timeoutMs` the process exits 1 without waiting: uncommitted work is redelivered by Kafka. A
 * second signal exits 1 at once.
 *
 * A crash (uncaught exception, unhandled rejection) is logged and exits 1 WITHOUT running the steps: committing offsets
 * after an unexpected error could acknowledge records that were never written.
 */
export class Lifecycle {
  private readonly steps: Array<ShutdownStep & { phase: ShutdownPhase }> = [];
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly exit: (code: number) => void;
  private readonly events: EventEmitter;
  private readonly signals: readonly NodeJS.Signals[];
  private stopping: Promise<number> | undefined;
  private installed = false;

  constructor(options: LifecycleOptions) {
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.events = options.events ?? process;
    this.signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  addStep(name: string, run: ShutdownStepFn, phase: ShutdownPhase = 'main'): this {
    this.steps.push({ name, run, phase });
    return this;
  }

  /** Listens for the shutdown signals and for crashes. */
  install(): this {
    if (this.installed) return this;
    this.installed = true;
    for (const signal of this.signals) this.events.on(signal, this.onSignal);
    this.events.on('uncaughtException', this.onCrash);
    this.events.on('unhandledRejection', this.onCrash);
    return this;
  }

  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    for (const signal of this.signals) this.events.off(signal, this.onSignal);
    this.events.off('uncaughtException', this.onCrash);
    this.events.off('unhandledRejection', this.onCrash);
  }

  /**
   * Runs the steps once (later calls get the same result), then exits with the resulting code. With `failure`, the
   * service stops because of an error it cannot get over (refused credentials, a consumer gone for good): the steps
   * still run, and the exit code is 1 however they went, so that an orchestrator sees the failure and restarts it.
   */
  shutdown(reason: string, options: { failure?: boolean } = {}): Promise<number> {
    this.stopping ??= this.runSteps(reason).then((stepsCode) => {
      const code = options.failure === true ? 1 : stepsCode;
      this.exit(code);
      return code;
    });
    return this.stopping;
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.stopping) {
      this.logger.warn({ signal }, 'second signal during shutdown: exiting now');
      this.exit(1);
      return;
    }
    this.logger.info({ signal }, 'shutdown requested');
    void this.shutdown(signal);
  };

  private readonly onCrash = (error: unknown): void => {
    try {
      this.logger.fatal({ err: error }, 'crash: exiting without committing in-flight work');
    } finally {
      this.exit(1);
    }
  };

  private async runSteps(reason: string): Promise<number> {
    const ordered = [...this.steps.filter((s) => s.phase === 'main'), ...this.steps.filter((s) => s.phase === 'final')];
    let current: string | undefined;
    let failed = false;
    const run = async (): Promise<'done'> => {
      for (const step of ordered) {
        current = step.name;
        try {
          await step.run();
          this.logger.debug({ step: step.name }, 'shutdown step done');
        } catch (err) {
          failed = true;
          this.logger.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
      return 'done';
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    this.logger.info({ reason, steps: ordered.map((s) => s.name), timeoutMs: this.timeoutMs }, 'shutting down');
    const outcome = await Promise.race([run(), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.error({ step: current, timeoutMs: this.timeoutMs }, 'shutdown timed out');
      return 1;
    }
    this.logger.info({ failed }, 'shutdown complete');
    return failed ? 1 : 0;
  }
}

export interface InstallShutdownOptions extends LifecycleOptions {
  steps?: readonly ShutdownStep[];
}

/** A Lifecycle with `steps` registered and its handlers installed. */
export function installShutdown(options: InstallShutdownOptions): Lifecycle {
  const lifecycle = new Lifecycle(options);
  for (const step of options.steps ?? []) lifecycle.addStep(step.name, step.run);
  return lifecycle.install();
}
