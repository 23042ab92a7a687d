import { sendSplittingOnRejection, type SendResult, type SeriesSamples } from './split-on-rejection';

interface S {
  t: number;
  v: number;
}

/**
 * Prometheus' append rule without an out-of-order window, as a model: a sample older than its series' newest is out
 * of order, one at the same time with another value a duplicate; one bad sample rolls back the whole request.
 */
function tsdbModel(newest: Record<string, S>) {
  const requests: string[][] = [];
  const send = (part: readonly SeriesSamples<S>[]): Promise<SendResult> => {
    requests.push(part.map((p) => `${p.hash}:${p.samples.map((s) => s.t).join(',')}`));
    const next = { ...newest };
    for (const { hash, samples } of part) {
      for (const s of samples) {
        const last = next[hash];
        if (last && s.t < last.t) return Promise.resolve({ ok: false, status: 400, reason: 'out of order sample' });
        if (last && s.t === last.t && s.v !== last.v) {
          return Promise.resolve({ ok: false, status: 400, reason: 'duplicate sample for timestamp' });
        }
        next[hash] = s;
      }
    }
    Object.assign(newest, next);
    return Promise.resolve({ ok: true });
  };
  return { send, requests };
}

const series = (hash: string, ...times: number[]) => ({ hash, samples: times.map((t) => ({ t, v: t })) });

describe('sendSplittingOnRejection', () => {
  it('sends a good request once', async () => {
    const { send, requests } = tsdbModel({});
    expect(await sendSplittingOnRejection([series('a', 1, 2), series('b', 1)], send)).toEqual([]);
    expect(requests).toEqual([['a:1,2', 'b:1']]);
  });

  it('isolates one out-of-order sample: good series and the later samples of its series are stored', async () => {
    const newest = { c: { t: 50, v: 50 } };
    const { send, requests } = tsdbModel(newest);
    const rejected = await sendSplittingOnRejection([series('a', 10), series('b', 10), series('c', 10, 60)], send);
    expect(rejected).toEqual([{ sample: { t: 10, v: 10 }, status: 400, reason: 'out of order sample' }]);
    expect(newest).toEqual({ a: { t: 10, v: 10 }, b: { t: 10, v: 10 }, c: { t: 60, v: 60 } });
    // Split by series first, then the bad series by time, earlier half first.
    expect(requests).toEqual([['a:10', 'b:10', 'c:10,60'], ['a:10', 'b:10'], ['c:10,60'], ['c:10'], ['c:60']]);
  });

  it.each([
    ['all of one series old', { b: { t: 100, v: 100 } }, [series('a', 1), series('b', 1, 2, 3)], [1, 2, 3]],
    ['a duplicate with another value', { a: { t: 5, v: 0 } }, [series('a', 5, 6)], [5]],
    ['everything refused', { a: { t: 9, v: 9 }, b: { t: 9, v: 9 } }, [series('a', 1), series('b', 2)], [1, 2]],
  ])('rejects exactly the bad samples: %s', async (_what, newest, request, expected) => {
    const { send } = tsdbModel(newest);
    const rejected = await sendSplittingOnRejection(request, send);
    expect(rejected.map((r) => r.sample.t)).toEqual(expected);
  });

  it('does not split for a status a smaller request cannot fix', async () => {
    const sent: number[] = [];
    const send = (part: readonly SeriesSamples<S>[]) => {
      sent.push(part.length);
      return Promise.resolve<SendResult>({ ok: false, status: 401, reason: 'unauthorized' });
    };
    const rejected = await sendSplittingOnRejection([series('a', 1, 2), series('b', 1)], send);
    expect(sent).toEqual([2]);
    expect(rejected.map((r) => [r.sample.t, r.status, r.reason])).toEqual([
      [1, 401, 'unauthorized'],
      [2, 401, 'unauthorized'],
      [1, 401, 'unauthorized'],
    ]);
  });
});
