import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicNames } from '@daytwo/core';
import { KafkaTestScope } from '../support/kafka';
import {
  CollectorHarness,
  cri,
  criLines,
  linesOf,
  messagesOfPod,
  readDeadLetters,
  readRecords,
} from './collector-logs-harness';

jest.setTimeout(120_000);

const scope = new KafkaTestScope();
let topics: TopicNames;
const harnesses: CollectorHarness[] = [];

function harness(overrides: ConstructorParameters<typeof CollectorHarness>[2] = {}): CollectorHarness {
  const h = new CollectorHarness(scope, topics, overrides);
  harnesses.push(h);
  return h;
}

beforeAll(async () => {
  topics = await scope.topics(2);
});

afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
  await scope.cleanup();
});

const UID_WEB = '0d7a3c1e-1111-4a4a-9a9a-000000000001';
const UID_API = '0d7a3c1e-2222-4a4a-9a9a-000000000002';
const UID_LATE = '0d7a3c1e-3333-4a4a-9a9a-000000000003';
const UID_SYSTEM = '0d7a3c1e-4444-4a4a-9a9a-000000000004';
const UID_RESTART = '0d7a3c1e-5555-4a4a-9a9a-000000000005';

describe('collector-logs on a pods directory and the real broker', () => {
  it('publishes every line exactly once with its metadata, picks up later files, filters, dead-letters bad lines', async () => {
    const h = harness({ discovery: { exclude: { namespaces: ['kube-*'] } } });
    const web = join(h.containerDir('shop', 'web-1', UID_WEB, 'web'), '0.log');
    const at = new Date('2024-05-01T12:00:00.123Z');
    h.write(web, cri('hello', 'stdout', 'F', at) + cri('oops', 'stderr') + cri('split ', 'stdout', 'P'));
    h.write(web, cri('line', 'stdout', 'F') + 'not a log line\n' + criLines('web', 0, 30));
    const api = join(h.containerDir('shop', 'api-1', UID_API, 'api'), '2.log');
    const docker = (log: string) => `${JSON.stringify({ log, stream: 'stdout', time: at.toISOString() })}\n`;
    h.write(api, docker('api-a\n') + docker('api-b\n'));
    h.write(join(h.containerDir('kube-system', 'dns-1', UID_SYSTEM, 'dns'), '0.log'), criLines('sys', 0, 5));

    await h.start();
    await h.waitPublished(35);
    const late = join(h.containerDir('shop', 'late-1', UID_LATE, 'late'), '0.log');
    h.write(late, criLines('late', 0, 7));
    await h.waitPublished(42);
    await h.stop();

    const records = await readRecords(scope, topics.logsRaw);
    expect(messagesOfPod(records, UID_WEB)).toEqual({
      messages: ['hello', 'oops', 'split line', ...linesOf('web', 0, 30)].sort(),
      uniqueIds: true,
    });
    expect(messagesOfPod(records, UID_API)).toEqual({ messages: ['api-a', 'api-b'], uniqueIds: true });
    expect(messagesOfPod(records, UID_LATE)).toEqual({ messages: linesOf('late', 0, 7).sort(), uniqueIds: true });
    expect(messagesOfPod(records, UID_SYSTEM).messages).toEqual([]);
    expect(records.filter((r) => r.key !== r.record.kubernetes?.pod?.uid)).toEqual([]);

    const hello = records.find((r) => r.record.message === 'hello')!.record;
    expect(hello).toEqual({
      schema_version: 1,
      '@timestamp': '2024-05-01T12:00:00.123Z',
      message: 'hello',
      stream: 'stdout',
      log: { file: { path: web }, offset: 0 },
      kubernetes: {
        namespace: 'shop',
        pod: { name: 'web-1', uid: UID_WEB },
        container: { name: 'web', restart_count: 0 },
        node: { name: 'node-it' },
      },
      host: { name: 'host-it' },
      event: { id: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const split = records.find((r) => r.record.message === 'split line')!.record;
    expect(split.log?.flags).toEqual(['partial_reassembled']);
    expect(records.find((r) => r.record.message === 'api-b')!.record.kubernetes?.container).toEqual({
      name: 'api',
      restart_count: 2,
    });

    const deadLetters = (await readDeadLetters(scope, topics.deadLetter)).filter(
      (d) => d.source.topic === `file:${web}`,
    );
    expect(deadLetters).toEqual([
      expect.objectContaining({ reason: 'bad_timestamp', stage: 'collector-it', raw: 'not a log line\n' }),
    ]);
  });

  it('resumes exactly after a restart, also inside a split line', async () => {
    const h = harness({ decode: { partialTimeoutMs: 600_000, flushIntervalMs: 100 } });
    const log = join(h.containerDir('shop', 'batch-1', UID_RESTART, 'job'), '0.log');
    h.write(log, criLines('before', 0, 40) + cri('across ', 'stdout', 'P'));
    await h.start();
    await h.waitPublished(40);
    await h.stop();

    h.write(log, cri('restart', 'stdout', 'F') + criLines('after', 0, 25));
    // A file that appeared while the collector was down, and a rename it must not mistake for a new file.
    renameSync(log, `${log}.20240501-120000`);
    writeFileSync(log, criLines('next', 0, 5));
    await h.start();
    await h.waitPublished(31);
    await h.stop();
    // Every line once: nothing lost across the restart, nothing read twice.
    const records = await readRecords(scope, topics.logsRaw);
    const expected = [
      ...linesOf('before', 0, 40),
      'across restart',
      ...linesOf('after', 0, 25),
      ...linesOf('next', 0, 5),
    ];
    expect(messagesOfPod(records, UID_RESTART)).toEqual({ messages: expected.sort(), uniqueIds: true });
  });
});
