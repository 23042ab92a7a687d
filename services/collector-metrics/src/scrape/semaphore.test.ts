import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('lets `permits` holders in and the next waiter in on release, in order', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const first = await semaphore.acquire();
    await semaphore.acquire();
    const third = semaphore.acquire().then((release) => (order.push('third'), release));
    const fourth = semaphore.acquire().then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    first!();
    first!(); // a second release of the same permit is ignored
    (await third)!();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('an aborted waiter gives up its place', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
    held!();
    expect(await semaphore.acquire()).toBeInstanceOf(Function);
  });
});
