import type { Logger } from '@daytwo/core';
import { ConsumerStartError } from '@daytwo/core';
import { setUpInBackground } from './pipeline-setup';

function harness(outcomes: Array<Error | 'ok'>, signal = new AbortController().signal) {
  const seen = { attempts: 0, undone: 0, warnings: [] as string[], errors: [] as string[], fatal: [] as string[] };
  const log = {
    warn: (_obj: object, msg: string) => seen.warnings.push(msg),
    error: (_obj: object, msg: string) => seen.errors.push(msg),
  } as unknown as Logger;
  const done = setUpInBackground({
    name: 'logs',
    retry: { initialMs: 1, maxMs: 2 },
    signal,
    log,
    onFatal: (reason) => seen.fatal.push(reason),
    attempt: () => {
      const outcome = outcomes[seen.attempts++] ?? 'ok';
      return outcome === 'ok' ? Promise.resolve() : Promise.reject(outcome);
    },
    undo: () => {
      seen.undone++;
      return Promise.reject(new Error('stop failed too')); // a failing undo must not end the setup
    },
  });
  return { seen, done };
}

describe('setUpInBackground', () => {
  it('retries until an attempt succeeds, undoing each failed one', async () => {
    const { seen, done } = harness([new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), 'ok']);
    await done;
    expect(seen).toMatchObject({ attempts: 3, undone: 2, fatal: [], errors: [] });
    expect(seen.warnings).toEqual([
      'logs pipeline not started yet; retrying',
      'logs pipeline not started yet; retrying',
    ]);
  });

  it('stops the sink on a refusal no retry fixes, without trying again', async () => {
    const refused = new ConsumerStartError('consumer group g: The session timeout is not within the range');
    const { seen, done } = harness([refused, 'ok']);
    await done;
    expect(seen).toMatchObject({ attempts: 1, undone: 1, warnings: [] });
    expect(seen.fatal).toEqual([
      'kafka refused the consumer: consumer group g: The session timeout is not within the range',
    ]);
  });

  it('ends quietly when the sink stops while it waits', async () => {
    const abort = new AbortController();
    const { seen, done } = harness(Array<Error>(1000).fill(new Error('ECONNREFUSED')), abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    await done;
    const attempts = seen.attempts;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.attempts).toBe(attempts);
    expect(seen.errors).toEqual([]);
    expect(seen.fatal).toEqual([]);
  });
});
