import { ByteBudget } from './byte-budget';

async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ByteBudget', () => {
  it('pauses readers at the limit and resumes them in arrival order as bytes are acknowledged', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(60);
    const second = budget.acquire(50);
    const third = budget.acquire(10);
    expect([await settled(second), await settled(third)]).toEqual([false, false]);
    budget.release(20);
    // 40 + 50 fits now; the third waits behind the second even though it alone would have fitted before.
    expect([await settled(second), await settled(third)]).toEqual([true, true]);
    expect(budget.inUse).toBe(100);
  });

  it('grants a request larger than the whole budget when nothing else is in use', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(500);
    const next = budget.acquire(1);
    expect(await settled(next)).toBe(false);
    budget.release(500);
    expect(await settled(next)).toBe(true);
  });

  it('grants everything once closed (shutdown)', async () => {
    const budget = new ByteBudget(10);
    await budget.acquire(10);
    const waiting = budget.acquire(10);
    budget.close();
    expect(await settled(waiting)).toBe(true);
  });
});
