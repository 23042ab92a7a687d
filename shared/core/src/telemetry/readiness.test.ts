import { Readiness } from './readiness';
import type { ReadinessCheck } from './readiness';

describe('Readiness', () => {
  it.each<[string, Array<[string, ReadinessCheck]>, boolean, Record<string, string>]>([
    ['nothing registered', [], true, {}],
    [
      'all pass',
      [
        ['kafka', () => true],
        ['es', () => Promise.resolve(true)],
      ],
      true,
      { es: 'ok', kafka: 'ok' },
    ],
    [
      'one false',
      [
        ['kafka', () => false],
        ['es', () => true],
      ],
      false,
      { es: 'ok', kafka: 'not ready' },
    ],
    [
      'a throwing check fails with its message',
      [['es', () => Promise.reject(new Error('ECONNREFUSED'))]],
      false,
      { es: 'error: ECONNREFUSED' },
    ],
    [
      'a check that never answers times out',
      [['redis', () => new Promise<boolean>(() => {})]],
      false,
      { redis: 'timed out' },
    ],
  ])('%s', async (_name, checks, ready, expected) => {
    const readiness = new Readiness(20);
    for (const [name, check] of checks) readiness.addReadinessCheck(name, check);
    const report = await readiness.evaluate();
    expect(report.ready).toBe(ready);
    expect(report.checks).toEqual(expected);
    expect(report.failing).toEqual(
      Object.keys(expected)
        .filter((k) => expected[k] !== 'ok')
        .sort(),
    );
  });

  it('setReady flips a named flag', async () => {
    const readiness = new Readiness();
    readiness.setReady('kafka connected', false);
    expect((await readiness.evaluate()).failing).toEqual(['kafka connected']);
    readiness.setReady('kafka connected', true);
    expect((await readiness.evaluate()).ready).toBe(true);
  });
});
