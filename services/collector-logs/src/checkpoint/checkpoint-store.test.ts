import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf, type CheckpointEntry } from './checkpoint-entry';
import { CHECKPOINT_FILE_NAME, CheckpointStore } from './checkpoint-store';

function entry(ino: string, offset: number): CheckpointEntry {
  return {
    dev: '2049',
    ino,
    fingerprint: fingerprintOf(Buffer.from(`first line of ${ino}\n`)),
    identity: { dev: '2049', ino, fingerprintLength: 5 },
    path: `/var/log/pods/ns_pod_uid/c/${ino}.log`,
    decoder: { offset, consumedEnd: offset, pendingStdout: -1, pendingStderr: -1 },
  };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'daytwo-ckpt-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (onWritten?: () => void) => CheckpointStore.open(dir, { minWriteIntervalMs: 0, onWritten });

describe('CheckpointStore', () => {
  it('persists entries by file identity and loads them again', async () => {
    const { store } = await open();
    store.set(entry('11', 100));
    store.set(entry('12', 5));
    store.set(entry('11', 250));
    store.delete('2049:12');
    await store.flush();
    store.close();

    const { store: again, problem } = await open();
    expect(problem).toBeUndefined();
    expect(again.keys()).toEqual(['2049:11']);
    expect(again.get('2049:11')?.decoder.offset).toBe(250);
    // Atomic replace: no temporary file is left behind.
    expect(readdirSync(dir)).toEqual([CHECKPOINT_FILE_NAME]);
  });

  it('coalesces changes into few writes', async () => {
    let writes = 0;
    const { store } = await open(() => writes++);
    for (let i = 0; i < 100; i++) store.set(entry('11', i));
    await store.flush();
    expect(writes).toBeLessThanOrEqual(2);
    expect(JSON.parse(readFileSync(join(dir, CHECKPOINT_FILE_NAME), 'utf8'))).toMatchObject({
      version: 1,
      files: [{ ino: '11', decoder: { offset: 99 } }],
    });
  });

  it.each<[string, string]>([
    ['not JSON', '{"version":1,"files":[{'],
    ['an unknown version', '{"version":9,"files":[]}'],
    ['an inconsistent entry', JSON.stringify({ version: 1, files: [{ ...entry('11', 10), ino: 'x' }] })],
  ])('moves a state file holding %s aside and starts empty', async (_name, content) => {
    writeFileSync(join(dir, CHECKPOINT_FILE_NAME), content);
    const { store, problem } = await open();
    expect(store.size).toBe(0);
    expect(problem?.name).toBe('CorruptCheckpointFileError');
    expect(readFileSync(problem!.movedTo, 'utf8')).toBe(content);
  });

  it('creates the state directory', async () => {
    const nested = join(dir, 'a', 'b');
    const { store } = await CheckpointStore.open(nested, { minWriteIntervalMs: 0 });
    store.set(entry('1', 1));
    await store.flush();
    expect(readdirSync(nested)).toEqual([CHECKPOINT_FILE_NAME]);
  });
});
