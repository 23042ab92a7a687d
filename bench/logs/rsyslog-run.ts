import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withAdmin } from '@daytwo/core';
import type { Kafka } from 'kafkajs';
import { BENCH_POD } from './collector-run';
import { ingestResult, type IngestResult } from './ingest-result';
import { BENCH_BROKER, createTopic, messageCount } from './kafka-topics';
import { BenchChild, cpuSeconds, peakRssMb, sleep, waitUntil } from './process-stats';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const PACKAGES = ['rsyslog', 'rsyslog-kafka'];

function hasOmkafka(): boolean {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}\n', ...PACKAGES], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.includes('install ok installed')).length === PACKAGES.length;
  } catch {
    return false;
  }
}

/** Installs rsyslog with omkafka through apt when missing (`apt-get update` first if the package is not found). */
export function ensureRsyslog(log: (line: string) => void): void {
  if (existsSync(RSYSLOGD) && hasOmkafka()) return;
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  log(`installing ${PACKAGES.join(' ')} with apt-get`);
  try {
    install();
  } catch {
    log('apt-get install failed: apt-get update, then again');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
  if (!existsSync(RSYSLOGD) || !hasOmkafka()) throw new Error('rsyslog with omkafka is not installed');
}

export interface RsyslogRunOptions {
  file: string;
  lines: number;
  workDir: string;
  topic: string;
  partitions: number;
  run: number;
}

/**
 * The delivery settings chosen to match the collector: acks from all in-sync replicas, idempotent producer, no
 * compression, one key for the file (so one partition, like the collector's pod-uid key), and a JSON record with the
 * line, the host and the file path. The path is a constant of the template, as it is in the collector's common part:
 * imfile's per-message metadata (`addMetadata`, `$!metadata!filename`) measured 4 times the CPU.
 */
export const RSYSLOG_SETTINGS =
  'imfile (inotify) -> omkafka: acks=all, enable.idempotence=true, compression.codec=none, key=pod uid ' +
  '(partitions.auto); JSON template {host, path (constant), message}; librdkafka defaults otherwise';

function rsyslogConfig(dir: string, input: string, topic: string): string {
  return `global(workDirectory="${dir}/work" maxMessageSize="256k")
module(load="imfile" mode="inotify")
module(load="omkafka")
template(name="daytwo_json" type="list" option.jsonf="on") {
  property(outname="host" name="hostname" format="jsonf")
  constant(outname="path" value="${input}" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
}
ruleset(name="toKafka") {
  action(type="omkafka" broker=["${BENCH_BROKER}"] topic="${topic}" key="${BENCH_POD.uid}" partitions.auto="on"
         template="daytwo_json" confParam=["compression.codec=none", "enable.idempotence=true"]
         topicConfParam=["acks=all"])
}
input(type="imfile" File="${input}" Tag="bench" readMode="0" freshStartTail="off" addMetadata="off" ruleset="toKafka")
`;
}

function firstFailure(logFile: string): string {
  const line = readFileSync(logFile, 'utf8')
    .split('\n')
    .find((l) => /fail|error/i.test(l));
  return line === undefined ? 'no failure logged' : line.slice(0, 160);
}

/** rsyslog drops a message it cannot hand to librdkafka ("Local: Queue full"): a count that stops short ends the run. */
const STALL_MS = 15_000;

/**
 * Polls the topic's message count until it reaches `lines`, or stops growing for STALL_MS (lines lost); the time of
 * the last growth is when the shipper finished.
 */
async function waitForDelivery(
  lines: number,
  count: () => Promise<number>,
  alive: () => boolean,
): Promise<{ count: number; lastProgressAt: number }> {
  let last = -1;
  let lastProgressAt = performance.now();
  for (;;) {
    const now = await count();
    if (now !== last) {
      last = now;
      lastProgressAt = performance.now();
    }
    if (now >= lines || performance.now() - lastProgressAt > STALL_MS) return { count: now, lastProgressAt };
    if (!alive()) throw new Error('rsyslogd exited before delivering every line');
    await sleep(50);
  }
}

/** Runs rsyslogd on its own config and state; links the file into its watched path and counts the topic's messages. */
export async function runRsyslog(kafka: Kafka, options: RsyslogRunOptions): Promise<IngestResult> {
  const dir = join(options.workDir, `rsyslog-${options.run}`);
  mkdirSync(join(dir, 'work'), { recursive: true });
  mkdirSync(join(dir, 'in'));
  const input = join(dir, 'in', '0.log');
  const confPath = join(dir, 'rsyslog.conf');
  writeFileSync(confPath, rsyslogConfig(dir, input, options.topic));
  await createTopic(kafka, options.topic, options.partitions);
  const pidFile = join(dir, 'rsyslogd.pid');
  const child = BenchChild.start(
    'rsyslogd',
    RSYSLOGD,
    ['-n', '-f', confPath, '-i', pidFile],
    join(dir, 'rsyslogd.log'),
  );
  try {
    await waitUntil('rsyslogd started', () => Promise.resolve(existsSync(pidFile) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
      alive: () => child.running,
    });
    await sleep(1000);
    const cpuBefore = cpuSeconds(child.pid) ?? 0;
    const started = performance.now();
    linkSync(options.file, input);
    const delivered = await withAdmin(kafka, (admin) =>
      waitForDelivery(
        options.lines,
        () => messageCount(admin, options.topic),
        () => child.running,
      ),
    );
    const seconds = (delivered.lastProgressAt - started) / 1000;
    const cpu = (cpuSeconds(child.pid) ?? cpuBefore) - cpuBefore;
    const lost = options.lines - delivered.count;
    return ingestResult({
      source: 'rsyslog',
      run: options.run,
      lines: options.lines,
      lost,
      ...(lost > 0 ? { problem: firstFailure(join(dir, 'rsyslogd.log')) } : {}),
      seconds,
      cpuSeconds: cpu,
      peakRssMb: peakRssMb(child.pid) ?? 0,
      topic: options.topic,
      settings: RSYSLOG_SETTINGS,
    });
  } finally {
    await child.stop();
    unlinkSync(input);
  }
}
