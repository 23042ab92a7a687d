import { FileProgress, type Advance } from './file-progress';

describe('FileProgress', () => {
  it.each<[string, number[], Advance<string>[]]>([
    [
      'in order',
      [0, 1, 2],
      [
        { checkpoint: 'c0', bytes: 10, final: false },
        { checkpoint: 'c1', bytes: 20, final: false },
        { checkpoint: 'c2', bytes: 30, final: true },
      ],
    ],
    ['a later ack waits for the earlier batches', [2, 1, 0], [{ checkpoint: 'c2', bytes: 60, final: true }]],
    [
      'partly out of order',
      [1, 0, 2],
      [
        { checkpoint: 'c1', bytes: 30, final: false },
        { checkpoint: 'c2', bytes: 30, final: true },
      ],
    ],
  ])('%s', (_name, ackOrder, expected) => {
    const advances: Advance<string>[] = [];
    const progress = new FileProgress<string>((a) => advances.push(a));
    const seqs = [progress.add('c0', 10), progress.add('c1', 20), progress.add('c2', 30, true)];
    for (const i of ackOrder) progress.ack(seqs[i]!);
    expect(advances).toEqual(expected);
    expect(progress.inFlight).toBe(0);
  });

  it('keeps the last known checkpoint across batches without one, and ignores repeated acks', () => {
    const advances: Advance<string>[] = [];
    const progress = new FileProgress<string>((a) => advances.push(a));
    const a = progress.add('c0', 1);
    const b = progress.add(undefined, 2);
    progress.ack(b);
    progress.ack(a);
    progress.ack(a);
    expect(advances).toEqual([{ checkpoint: 'c0', bytes: 3, final: false }]);
  });

  it('idle resolves once everything added so far is acknowledged', async () => {
    const progress = new FileProgress<string>(() => {});
    const seq = progress.add('c', 1);
    let idle = false;
    const waiting = progress.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    progress.ack(seq);
    await waiting;
    expect(idle).toBe(true);
  });
});
