import { RingBuffer } from './ring-buffer';
import { ShapeMemory, type ShapeMemoryState } from './shape';
import { noise, seededRandom } from './test-series';

/** Feeds `values` one at a time and returns the distance of each newest window (undefined while young). */
function distances(
  memory: ShapeMemory,
  values: readonly number[],
  history = new RingBuffer(64),
): (number | undefined)[] {
  return values.map((v, i) => {
    history.push(v);
    return memory.update(history, i);
  });
}

describe('ShapeMemory', () => {
  const sawtooth = (n: number) => Array.from({ length: n }, (_, i) => (i % 16) / 4);

  it('finds a repeated shape familiar and a new shape of the same range far', () => {
    const memory = new ShapeMemory(16, 8, 32, 0.3);
    const values = sawtooth(800);
    // A reversed tooth: same values, new shape.
    for (let i = 800; i < 816; i++) values.push((15 - (i % 16)) / 4);
    const d = distances(memory, values);
    const familiar = Math.max(...d.slice(700, 800).map((x) => x ?? 0));
    expect(familiar).toBeLessThan(0.1);
    expect(d[815]).toBeGreaterThan(10 * Math.max(familiar, 0.01));
  });

  it('keeps at most its capacity of prototypes, replacing the least recently matched', () => {
    const memory = new ShapeMemory(8, 4, 5, 0.01);
    distances(memory, noise(seededRandom(3), 500, 1));
    expect(memory.toJSON().hits).toHaveLength(5);
    expect(memory.toJSON().prototypes).toHaveLength(20);
  });

  it('is undefined until a full window and a spread are known', () => {
    const d = distances(new ShapeMemory(8, 4, 5, 1), [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3]);
    expect(d.slice(0, 9)).toEqual(Array(9).fill(undefined));
  });

  it('continues identically after restoring its JSON', () => {
    const values = noise(seededRandom(5), 600, 1).map((v, i) => v + 3 * Math.sin(i / 5));
    const history = new RingBuffer(64);
    const original = new ShapeMemory(16, 8, 16, 1);
    distances(original, values.slice(0, 400), history);
    const restored = new ShapeMemory(16, 8, 16, 1);
    restored.restore(JSON.parse(JSON.stringify(original.toJSON())) as ShapeMemoryState);
    const copy = new RingBuffer(64);
    for (const v of history.toArray()) copy.push(v);
    const tail = values.slice(400);
    const fromOriginal = tail.map((v, i) => (history.push(v), original.update(history, 400 + i)));
    const fromRestored = tail.map((v, i) => (copy.push(v), restored.update(copy, 400 + i)));
    expect(fromRestored).toEqual(fromOriginal);
  });
});
