import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from '../support/env';
import { PipelineHarness } from '../support/pipeline-harness';
import { buildDist, REPO_ROOT } from '../support/service-process';

/**
 * `npm start`'s demo on a short schedule: the runner brings up the five services on the simulated cluster, injects
 * the incident after 10 s and exits once the alert was delivered. Everything it creates is named after the harness id
 * (topics, index prefix, Redis prefixes, consumer groups, cluster label), so the harness cleans it up.
 */
const h = new PipelineHarness('e2edemo');
const demoDir = h.path('demo');
const run = { code: null as number | null, stdout: '', stderr: '' };

/** An Elasticsearch document or a webhook body, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

async function alertmanagerAlerts(): Promise<AmAlert[]> {
  const filter = encodeURIComponent(`cluster="${h.id}"`);
  const response = await fetch(`${testEnv.alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  return (await response.json()) as AmAlert[];
}

async function esSearch(query: object): Promise<{ total: number; docs: Array<Doc> }> {
  const es = h.elasticsearch();
  await es.indices.refresh({ index: `${h.indexPrefix}-logs*`, ignore_unavailable: true, allow_no_indices: true });
  const result = await es.search({
    index: `${h.indexPrefix}-logs*`,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 20,
    track_total_hits: true,
    query,
  });
  const total = typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0);
  return { total, docs: result.hits.hits.map((hit) => hit._source as Doc) };
}

async function promQuery(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${testEnv.prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as {
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.data.result;
}

beforeAll(async () => {
  const build = await buildDist();
  if (!build.ok)
    console.log(`[e2e demo] tsc -b reported errors; using the build as is:\n${build.output.slice(0, 1500)}`);
  const main = join(REPO_ROOT, '.build', 'demo', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: the demo did not build`);
  // The runner's groups are `<run id>_<name>`: registered so that the harness deletes them.
  for (const name of [
    'processor-logs',
    'processor-metrics',
    'sink-logs',
    'sink-metrics',
    'sink-anomalies',
    'alerter',
  ]) {
    h.groupId(name);
  }
  const args = [main, '--run-id', h.id, '--dir', demoDir, '--ports', 'auto'];
  args.push('--incident-after', '10s', '--incident-for', '60s', '--exit-after-alert', '--timeout', '4m');
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DAYTWO_KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
      DAYTWO_ES_URL: testEnv.elasticsearchUrl,
      DAYTWO_PROMETHEUS_URL: testEnv.prometheusUrl,
      DAYTWO_ALERTMANAGER_URL: testEnv.alertmanagerUrl,
      DAYTWO_REDIS_URL: testEnv.redisUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  process.once('exit', () => child.kill('SIGKILL'));
  run.code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  console.log(`[e2e demo] runner output:\n${run.stdout}${run.stderr}`);
}, 420_000);

afterAll(async () => {
  // Resolve the test's alerts so they do not linger in the shared Alertmanager for the rest of their timeout.
  const alerts = await alertmanagerAlerts().catch(() => []);
  if (alerts.length > 0) {
    const now = new Date().toISOString();
    await fetch(`${testEnv.alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        alerts.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: now })),
      ),
    }).catch(() => undefined);
  }
  await h.cleanup();
}, 120_000);

describe('npm start demo, short schedule (--incident-after 10s --exit-after-alert)', () => {
  it('runs to the alert and exits 0, having printed where to look and the alert', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Where to look:');
    expect(run.stdout).toContain(`/api/v2/alerts?filter=cluster%3D%22${h.id}%22`);
    expect(run.stdout).toMatch(/webhook ← FIRING \w+ shop\/web/);
    expect(run.stdout).toMatch(/Alertmanager has it: DaytwoAnomaly\{.*workload="web"/);
    expect(run.stdout).toContain('the local stack stays up');
  });

  it('delivered the alert for shop/web to Alertmanager', async () => {
    const alerts = await alertmanagerAlerts();
    expect(alerts.map((a) => a.labels)).toEqual([
      expect.objectContaining({ alertname: 'DaytwoAnomaly', cluster: h.id, namespace: 'shop', workload: 'web' }),
    ]);
  });

  it('delivered the same alert to the webhook, with the error-rate detector and the error template', () => {
    const received = readFileSync(join(demoDir, 'webhook-alerts.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Doc);
    const firing = received.filter((a) => a.status === 'firing');
    expect(new Set(firing.map((a) => JSON.stringify({ cluster: a.cluster, workload: a.workload })))).toEqual(
      new Set([JSON.stringify({ cluster: h.id, workload: { namespace: 'shop', name: 'web' } })]),
    );
    const fromLogs = firing.find((a) => (a.detectors as string[]).includes('log-error-rate'));
    expect(JSON.stringify(fromLogs?.templates)).toContain('upstream payments timed out');
  });

  it('stored the anomaly event behind the alert in Elasticsearch', async () => {
    const es = h.elasticsearch();
    const index = `${h.indexPrefix}-anomalies*`;
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    const result = await es.search({ index, ignore_unavailable: true, allow_no_indices: true, size: 50 });
    const events = result.hits.hits.map((hit) => hit._source as Doc);
    expect(events).toContainEqual(
      expect.objectContaining({ detector: 'log-error-rate', workload: { namespace: 'shop', name: 'web' } }),
    );
  });

  it('stored the injected error lines in Elasticsearch, searchable, from the web pod only', async () => {
    const { total, docs } = await esSearch({ match_phrase: { message: 'upstream payments timed out' } });
    expect(total).toBeGreaterThanOrEqual(20);
    expect(new Set(docs.map((d) => `${d.kubernetes?.namespace}/${d.kubernetes?.pod?.name} ${d.log?.level}`))).toEqual(
      new Set(['shop/web-7c9d8b6f5d-x2x4q error']),
    );
  });

  it('stored the other workloads too: Java stack traces as one record, JSON logs parsed, secrets redacted', async () => {
    const traces = await esSearch({ match_phrase: { message: 'font cache not initialized' } });
    expect(traces.total).toBeGreaterThan(0);
    for (const doc of traces.docs) {
      // The Spring log line heads the record of the exception it was logged with.
      expect(doc.message).toMatch(
        /^\d{4}-\d\d-\d\d [\d:.]+ ERROR 1 --- .* : Failed to render invoice \d+\njava\.lang\.IllegalStateException: font cache not initialized\n\tat com\.example/,
      );
      expect(doc.message).toContain('Caused by: java.io.FileNotFoundException');
      expect(doc.message).toMatch(/\t\.\.\. 4 more$/);
    }
    const jobs = await esSearch({ bool: { filter: [{ term: { 'kubernetes.namespace': 'jobs' } }] } });
    expect(jobs.docs.some((d) => typeof d.attributes?.queue === 'string' && d.log?.level === 'info')).toBe(true);
    const leaked = await esSearch({ query_string: { query: '"s3cr3t-Pa55"' } });
    const redacted = await esSearch({ bool: { filter: [{ term: { tags: 'redacted' } }] } });
    expect({ leaked: leaked.total, redacted: redacted.total > 0 }).toEqual({ leaked: 0, redacted: true });
  });

  it('wrote the latency histogram to Prometheus, with the spike in it', async () => {
    const selector = `cluster="${h.id}",workload="web"`;
    const under1s = await promQuery(`sum(http_request_duration_seconds_bucket{${selector},le="1"})`);
    const all = await promQuery(`sum(http_request_duration_seconds_bucket{${selector},le="+Inf"})`);
    expect(all).toHaveLength(1);
    // The incident makes requests slower than a second, which never happens before it.
    expect(Number(all[0]!.value[1])).toBeGreaterThan(Number(under1s[0]!.value[1]));
  });
});
