import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RowBufferPool } from '@daytwo/core';
import { Registry } from 'prom-client';
import type { CheckpointEntry } from '../checkpoint/checkpoint-entry';
import { podLogMetadata } from '../discovery/layout';
import { CollectorMetrics } from '../metrics';
import { createLineDecoder } from '../parse/line-decoder';
import { ByteBudget } from '../publish/byte-budget';
import { RecordBuilder } from '../publish/record-builder';
import { FileTailer } from './file-tailer';
import { openLogFile } from './open-file';
import type { TailerContext } from './tailer-context';

const TS = '2024-05-01T12:34:56.123456789Z';
const cri = (message: string, tag = 'F', stream = 'stdout') => `${TS} ${stream} ${tag} ${message}\n`;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'daytwo-tailer-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Read {
  records: string[];
  checkpoint: CheckpointEntry | undefined;
}

/** Reads `path` with a tailer until the end (batches acknowledged at once) and returns `id offset message` lines. */
async function read(path: string, chunkBytes: number, resume?: CheckpointEntry): Promise<Read> {
  const out: Read = { records: [], checkpoint: undefined };
  const budget = new ByteBudget(1 << 20);
  const ctx: TailerContext = {
    readChunkBytes: chunkBytes,
    maxCarryBytes: 1 << 20,
    budget,
    readBuffers: new RowBufferPool(1 << 20),
    metrics: new CollectorMetrics(new Registry()),
    nowMs: () => 0,
    isStopping: () => false,
    stopped: new Promise(() => {}),
    publish: (batch) => {
      for (const r of batch.records) out.records.push(`${r.event.id} ${r.log?.offset} ${r.message}`);
      batch.onAcked();
    },
    onAdvance: (_tailer, advance) => {
      budget.release(advance.bytes);
      if (advance.checkpoint) out.checkpoint = advance.checkpoint;
    },
    onError: (_tailer, err) => {
      throw err;
    },
    findCopy: () => Promise.resolve(undefined),
    rekeyed: () => {},
  };
  const file = (await openLogFile(path))!;
  const meta = podLogMetadata('ns_pod_0d7a3c1e-1111', 'app', '0.log')!;
  const tailer = new FileTailer(ctx, {
    file,
    builder: new RecordBuilder({ path, meta, nodeName: 'n', hostName: 'h' }),
    decoder: createLineDecoder({ format: 'auto', resume: resume?.decoder }),
    resume,
    moved: false,
  });
  tailer.wake();
  await tailer.settle();
  await tailer.close();
  return out;
}

const content = [
  cri('one'),
  cri('split ', 'P'),
  cri('err', 'F', 'stderr'),
  cri('line', 'F'),
  ...Array.from({ length: 200 }, (_, i) => cri(`line ${i} ${'x'.repeat(i % 50)}`)),
  cri('y'.repeat(9000)),
  cri('last'),
].join('');

describe('FileTailer', () => {
  it('makes the same records (ids, offsets) whatever the chunk size', async () => {
    const path = join(dir, '0.log');
    writeFileSync(path, content);
    const big = await read(path, 1 << 20);
    const small = await read(path, 4096);
    expect(big.records).toHaveLength(205);
    const split = cri('one').length;
    expect(big.records).toContainEqual(expect.stringMatching(new RegExp(`^[0-9a-f]{32} ${split} split line$`)));
    expect(small.records).toEqual(big.records);
  });

  it('resumes from a checkpoint, also inside a split line, without losing or repeating a line', async () => {
    const path = join(dir, '0.log');
    const whole = join(dir, 'whole.log');
    writeFileSync(whole, content);
    const expected = (await read(whole, 4096)).records;
    const cut = content.indexOf(cri('err', 'F', 'stderr'));
    writeFileSync(path, content.slice(0, cut));
    const first = await read(path, 4096);
    const split = cri('one').length;
    expect(first.checkpoint?.decoder).toMatchObject({ offset: split, pendingStdout: split });
    appendFileSync(path, content.slice(cut));
    const second = await read(path, 4096, first.checkpoint);
    // Ids derive from the identity of `path`, so compare offsets and messages with the whole-file read.
    const strip = (records: string[]) => records.map((r) => r.slice(r.indexOf(' ') + 1));
    expect(strip([...first.records, ...second.records]).sort()).toEqual(strip(expected).sort());
  });

  it('gives a young file the same ids as when it is read complete (the id fingerprint is the first line)', async () => {
    const path = join(dir, '0.log');
    writeFileSync(path, cri('first').slice(0, 20));
    const young = await read(path, 4096);
    expect(young).toEqual({ records: [], checkpoint: undefined });
    appendFileSync(path, cri('first').slice(20) + cri('second'));
    const grown = await read(path, 4096);
    appendFileSync(path, cri('third'));
    const later = await read(path, 4096);
    expect(later.records.slice(0, 2)).toEqual(grown.records);
    expect(grown.checkpoint?.identity.fingerprintLength).toBe(cri('first').length);
  });
});

describe('FileTailer backpressure', () => {
  it('stops reading when the in-flight budget is used up and goes on as batches are acknowledged', async () => {
    const path = join(dir, '0.log');
    writeFileSync(path, Array.from({ length: 2000 }, (_, i) => cri(`line ${i}`)).join(''));
    const budget = new ByteBudget(8192);
    const unacked: Array<() => void> = [];
    let records = 0;
    const ctx: TailerContext = {
      readChunkBytes: 4096,
      maxCarryBytes: 1 << 20,
      budget,
      readBuffers: new RowBufferPool(1 << 20),
      metrics: new CollectorMetrics(new Registry()),
      nowMs: () => 0,
      isStopping: () => false,
      stopped: new Promise(() => {}),
      publish: (batch) => {
        records += batch.records.length;
        unacked.push(batch.onAcked);
      },
      onAdvance: (_tailer, advance) => budget.release(advance.bytes),
      onError: (_tailer, err) => {
        throw err;
      },
      findCopy: () => Promise.resolve(undefined),
      rekeyed: () => {},
    };
    const file = (await openLogFile(path))!;
    const tailer = new FileTailer(ctx, {
      file,
      builder: new RecordBuilder({
        path,
        meta: podLogMetadata('ns_pod_0d7a3c1e-1111', 'app', '0.log')!,
        nodeName: 'n',
        hostName: 'h',
      }),
      decoder: createLineDecoder({ format: 'cri' }),
      moved: false,
    });
    tailer.wake();
    while (budget.waiting === 0) await new Promise((resolve) => setImmediate(resolve));
    const bytesRead = (await ctx.metrics.bytesRead.get()).values[0]!.value;
    expect(bytesRead).toBeLessThanOrEqual(8192);
    expect(records).toBeLessThan(2000);
    while (records < 2000) {
      for (const ack of unacked.splice(0)) ack();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await tailer.settle();
    await tailer.close();
    expect(records).toBe(2000);
  });
});

/** Remembers the buffers taken and given back. */
class RecordingPool extends RowBufferPool {
  readonly taken: Buffer[] = [];
  readonly given: Buffer[] = [];
  override take(bytes: number, allocate?: number): Buffer {
    const buffer = super.take(bytes, allocate);
    this.taken.push(buffer);
    return buffer;
  }
  override give(buffer: Buffer): void {
    this.given.push(buffer);
    super.give(buffer);
  }
  get held(): number {
    return this.taken.length - this.given.length;
  }
}

/** CRI lines of `bytes` bytes in all (at least 82). */
const linesOfLength = (bytes: number) => {
  const line = cri('z'.repeat(40));
  const full = Math.floor((bytes - 42) / line.length);
  return line.repeat(full) + cri('z'.repeat(bytes - full * line.length - 41));
};

describe('FileTailer read buffers', () => {
  it('holds none at the end of its file; the carried bytes survive another tailer reading into the buffer', async () => {
    const pool = new RecordingPool(1 << 20);
    const messages = new Map<string, string[]>();
    const budget = new ByteBudget(1 << 20);
    const ctx: TailerContext = {
      readChunkBytes: 1 << 16,
      maxCarryBytes: 1 << 20,
      budget,
      readBuffers: pool,
      metrics: new CollectorMetrics(new Registry()),
      nowMs: () => 0,
      isStopping: () => false,
      stopped: new Promise(() => {}),
      publish: (batch) => {
        for (const r of batch.records) messages.get(r.log!.file!.path)!.push(`${r.log?.offset} ${r.message}`);
        batch.onAcked();
      },
      onAdvance: (_tailer, advance) => budget.release(advance.bytes),
      onError: (_tailer, err) => {
        throw err;
      },
      findCopy: () => Promise.resolve(undefined),
      rekeyed: () => {},
    };
    const tailerOf = async (path: string) => {
      messages.set(path, []);
      return new FileTailer(ctx, {
        file: (await openLogFile(path))!,
        builder: new RecordBuilder({
          path,
          meta: podLogMetadata('ns_pod_0d7a3c1e-1111', 'app', '0.log')!,
          nodeName: 'n',
          hostName: 'h',
        }),
        decoder: createLineDecoder({ format: 'cri' }),
        moved: false,
      });
    };
    const readAll = async (tailer: FileTailer) => {
      tailer.wake();
      await tailer.settle();
      expect(pool.held).toBe(0);
    };
    const path = join(dir, '0.log');
    const otherPath = join(dir, 'other.log');
    const lines = Array.from({ length: 60 }, (_, i) => cri(`line ${i}`)).join('');
    const head = lines + cri('split ', 'P');
    const initial = head + cri('two').slice(0, 40);
    writeFileSync(path, initial);
    writeFileSync(otherPath, linesOfLength(initial.length));
    const tailer = await tailerOf(path);
    const other = await tailerOf(otherPath);

    await readAll(tailer);
    expect(messages.get(path)).toHaveLength(60);
    await readAll(other);
    expect(pool.taken[1]).toBe(pool.given[0]);
    expect(messages.get(otherPath)!.length).toBeGreaterThan(10);
    // The split line times out: the decoder copied its bytes, it does not point into the buffer.
    tailer.tick(60_000, 5000);
    appendFileSync(path, cri('two').slice(40) + cri('three'));
    await readAll(tailer);
    expect(messages.get(path)!.slice(59)).toEqual([
      `${lines.length - cri('line 59').length} line 59`,
      `${lines.length} split `,
      `${head.length} two`,
      `${head.length + cri('two').length} three`,
    ]);
    await tailer.close();
    await other.close();
  });
});
