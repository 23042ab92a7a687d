import {
  closeSync,
  copyFileSync,
  openSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { TopicNames } from '@daytwo/core';
import { KafkaTestScope } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import { CollectorHarness, criLines, linesOf, messagesOfPod, readRecords } from './collector-logs-harness';

jest.setTimeout(120_000);

const scope = new KafkaTestScope();
let topics: TopicNames;
let h: CollectorHarness;

beforeAll(async () => {
  topics = await scope.topics(1);
  h = new CollectorHarness(scope, topics);
});

afterAll(async () => {
  await h.cleanup();
  await scope.cleanup();
});

const UID_RENAME = '7f1e2d3c-1111-4b4b-8c8c-000000000001';
const UID_COPY = '7f1e2d3c-2222-4b4b-8c8c-000000000002';
const UID_GONE = '7f1e2d3c-3333-4b4b-8c8c-000000000003';

describe('collector-logs across log rotation', () => {
  afterEach(() => h.stop());

  it('rename + create (kubelet): reads the renamed file to its end, then the new one; compressed rotations ignored', async () => {
    const dir = h.containerDir('shop', 'web-2', UID_RENAME, 'web');
    const live = join(dir, '0.log');
    writeFileSync(join(dir, '0.log.20240101-000000.gz'), criLines('compressed', 0, 5));
    // The runtime's descriptor: it keeps writing to the renamed file until it reopens.
    const runtime = openSync(live, 'a');
    writeSync(runtime, criLines('first', 0, 200));
    await h.start();
    await h.waitPublished(200);

    writeSync(runtime, criLines('first', 200, 100));
    renameSync(live, join(dir, '0.log.20240501-120000'));
    writeSync(runtime, criLines('first', 300, 20));
    closeSync(runtime);
    writeFileSync(live, criLines('second', 0, 150));
    await h.waitPublished(470);
    await h.stop();

    const records = await readRecords(scope, topics.logsRaw);
    const expected = [...linesOf('first', 0, 320), ...linesOf('second', 0, 150)].sort();
    expect(messagesOfPod(records, UID_RENAME)).toEqual({ messages: expected, uniqueIds: true });
    // Both files' lines carry the live path; the order per pod is kept across the rotation.
    const mine = records.filter((r) => r.key === UID_RENAME).map((r) => r.record.message);
    expect(mine.indexOf('first-319')).toBeLessThan(mine.indexOf('second-0'));
  });

  it('copytruncate: lines copied but not yet read come from the copy, the truncated file restarts at 0', async () => {
    const dir = h.containerDir('shop', 'api-2', UID_COPY, 'api');
    const live = join(dir, '0.log');
    writeFileSync(live, criLines('old', 0, 150));
    await h.start();
    await h.waitPublished(150);

    // Synchronous, so the collector (same process) cannot read in between: the 60 lines exist only in the copy.
    writeFileSync(live, criLines('old', 150, 60), { flag: 'a' });
    copyFileSync(live, `${live}.1`);
    truncateSync(live, 0);
    writeFileSync(live, criLines('new', 0, 80), { flag: 'a' });
    await h.waitPublished(290);
    await h.stop();

    const records = await readRecords(scope, topics.logsRaw);
    const expected = [...linesOf('old', 0, 210), ...linesOf('new', 0, 80)].sort();
    expect(messagesOfPod(records, UID_COPY)).toEqual({ messages: expected, uniqueIds: true });
  });

  it('a deleted file (pod removed) is read to its end through the open descriptor, then released', async () => {
    const podDir = join(h.root, `shop_gone-1_${UID_GONE}`);
    const live = join(h.containerDir('shop', 'gone-1', UID_GONE, 'app'), '0.log');
    writeFileSync(live, criLines('gone', 0, 100));
    const collector = await h.start();
    await h.waitPublished(100);
    const watched = collector.filesWatched;

    writeFileSync(live, criLines('gone', 100, 40), { flag: 'a' });
    unlinkSync(live);
    rmSync(podDir, { recursive: true });
    await h.waitPublished(140);
    await waitFor(() => Promise.resolve(collector.filesWatched < watched ? true : undefined), { what: 'release' });
    await h.stop();

    const records = await readRecords(scope, topics.logsRaw);
    expect(messagesOfPod(records, UID_GONE)).toEqual({ messages: linesOf('gone', 0, 140).sort(), uniqueIds: true });
  });
});
