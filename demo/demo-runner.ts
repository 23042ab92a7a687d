import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { labelText, waitForAlertmanager } from './alertmanager-check';
import { writeCliConfig } from './cli-config-file';
import { createPipelineTopics } from './pipeline-topics';
import { REPO_ROOT, SERVICES, type RunSettings, type ServiceName } from './run-settings';
import { writeServiceConfigs } from './service-configs';
import { ServiceProcess } from './service-process';
import { startCluster, type SimulatedCluster } from './simulator/cluster';
import { startWebhookReceiver, type ReceivedAlert, type WebhookReceiver } from './webhook-receiver';
import { clock, formatAlert, whereToLook } from './where-to-look';

/** Upstream last: every service finds its downstream running. Stopped the other way round. */
const START_ORDER: readonly ServiceName[] = ['alerter', 'sink', 'processor', 'collector-metrics', 'collector-logs'];

/**
 * Runs the demo: topics, the simulated cluster, the webhook receiver and the five services; injects the incident;
 * resolves to the exit code once stopped (Ctrl-C, --exit-after-alert, or a service that died).
 */
export class DemoRunner {
  private cluster: SimulatedCluster | undefined;
  private webhook: WebhookReceiver | undefined;
  private readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly timers: NodeJS.Timeout[] = [];
  private finished!: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.finished = resolve));
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly run: RunSettings,
    private readonly print: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
  ) {}

  private rel(path: string): string {
    const r = relative(process.env.INIT_CWD ?? REPO_ROOT, path);
    return r.startsWith('..') ? path : r;
  }

  /** Starts everything; resolves to the exit code when the demo ends. */
  async start(): Promise<number> {
    const { run } = this;
    const { options, names } = run;
    rmSync(run.podsDir, { recursive: true, force: true });
    rmSync(run.checkpointDir, { recursive: true, force: true });
    for (const dir of [run.podsDir, run.checkpointDir, run.configDir, run.logDir]) mkdirSync(dir, { recursive: true });
    if (options.exitAfterAlert) {
      this.timers.push(setTimeout(() => this.fail(`no alert within ${options.timeoutMs / 1000} s`), options.timeoutMs));
    }

    this.print(`== daytwo demo in ${this.rel(run.dir)}${options.runId ? ` (run ${options.runId})` : ''}`);
    const topics = await createPipelineTopics(run.stack.kafkaBrokers, names.topicPrefix);
    this.print(`   topics: ${topics.created.length} created, ${topics.existing.length} there already`);

    const alertsFile = join(run.dir, 'webhook-alerts.jsonl');
    writeFileSync(alertsFile, '');
    this.webhook = await startWebhookReceiver(alertsFile, (alert) => this.onAlert(alert));
    this.cluster = await startCluster(run.podsDir, run.targetsFile, names.cluster);
    this.print(`   simulated cluster: pod logs in ${this.rel(run.podsDir)}, metrics endpoints scraped via file_sd:`);
    const kinds: Record<string, string> = {
      web: 'HTTP API, access logs',
      billing: 'Java, stack traces',
      worker: 'JSON logs, queue depth',
    };
    for (const [name, address] of this.cluster.targets) {
      this.print(`     ${name.padEnd(8)} http://${address}/metrics   (${kinds[name] ?? ''})`);
    }
    this.print(`   webhook receiver: ${this.webhook.url} (alerts are printed below)`);

    const configs = writeServiceConfigs(run, this.webhook.url);
    this.print('== starting the five services');
    for (const service of START_ORDER) {
      const proc = new ServiceProcess(service, configs[service], join(run.logDir, `${service}.log`));
      proc.onUnexpectedExit = (code, signal) =>
        this.fail(`${service} exited (code ${code}, signal ${signal}):\n${proc.lastLines(15)}`);
      this.services.set(service, proc);
    }
    await Promise.all([...this.services.values()].map((p) => p.start()));
    await Promise.all([...this.services.values()].map((p) => p.waitReady()));
    const urls = {} as Record<ServiceName, string>;
    for (const service of SERVICES) {
      const proc = this.services.get(service)!;
      urls[service] = proc.url;
      this.print(`   ${service.padEnd(18)} ready   ${proc.url}/metrics   log ${this.rel(proc.logFile)}`);
    }
    const cliConfig = writeCliConfig(run, urls);
    this.print('');
    this.print(whereToLook(run, options.runId || options.ports === 'auto' ? this.rel(cliConfig) : undefined));
    this.print('');
    const at = Date.now() + options.incidentAfterMs;
    this.print(
      `== running. Incident in shop/web at ${clock(at)} (in ${Math.round(options.incidentAfterMs / 1000)} s). ` +
        'Ctrl-C stops the services and the simulator; the local stack stays up (npm run stack:down stops it).',
    );
    this.timers.push(setTimeout(() => this.startIncident(), options.incidentAfterMs));
    return this.done;
  }

  private startIncident(): void {
    const { incidentForMs } = this.run.options;
    this.cluster?.startIncident();
    this.print(
      `[${clock()}] incident: shop/web's payments upstream times out: 503s with error lines, latency ×25, ` +
        `for ${Math.round(incidentForMs / 1000)} s`,
    );
    this.timers.push(
      setTimeout(() => {
        this.cluster?.stopIncident();
        this.print(`[${clock()}] incident over: shop/web is healthy again (the alert resolves in a minute or two)`);
      }, incidentForMs),
    );
  }

  private onAlert(alert: ReceivedAlert): void {
    this.print(formatAlert(alert));
    const target = this.cluster?.incidentWorkload;
    const isIncident =
      alert.status === 'firing' &&
      alert.workload.namespace === target?.namespace &&
      alert.workload.name === target.name;
    if (isIncident && alert.version === 1) void this.confirmInAlertmanager(target.name);
  }

  private async confirmInAlertmanager(workload: string): Promise<void> {
    const { stack, names, options } = this.run;
    const found = await waitForAlertmanager(stack.alertmanagerUrl, names.cluster, workload, 60_000);
    if (!found) {
      this.print(`[${clock()}] Alertmanager does not show the alert after 60 s`);
      if (options.exitAfterAlert) this.fail('the alert did not reach Alertmanager');
      return;
    }
    this.print(`[${clock()}] Alertmanager has it: ${labelText(found.labels)}`);
    if (options.exitAfterAlert) {
      this.print('== the alert arrived (--exit-after-alert): stopping');
      void this.stop().then(() => this.finished(0));
    }
  }

  private fail(reason: string): void {
    this.print(`== demo failed: ${reason}`);
    void this.stop().then(() => this.finished(1));
  }

  /** Ctrl-C: stops what the demo started, the stack stays up. */
  interrupt(): void {
    void this.stop().then(() => this.finished(0));
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearTimeout(timer);
      this.print(`== stopping the simulator and the services (the local stack stays up: npm run stack:down)`);
      await this.cluster?.close();
      for (const service of [...START_ORDER].reverse()) await this.services.get(service)?.stop();
      await this.webhook?.close();
      this.print('== stopped');
    })();
    return this.stopping;
  }

  /** On process exit without a clean stop. */
  killAll(): void {
    for (const proc of this.services.values()) proc.killNow();
  }
}
