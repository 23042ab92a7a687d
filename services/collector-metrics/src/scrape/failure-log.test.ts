import { Writable } from 'node:stream';
import pino from 'pino';
import { FailureLog } from './failure-log';
import { ScrapeError } from './scrape-error';

function capture() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

const WARN = 40;
const DEBUG = 20;
const INFO = 30;

describe('FailureLog', () => {
  it.each<[string, [number, string][], number[]]>([
    [
      'first failure warns, repeats within the interval go to debug',
      [
        [0, 'timeout'],
        [1_000, 'timeout'],
        [59_999, 'timeout'],
      ],
      [WARN, DEBUG, DEBUG],
    ],
    [
      'warns again once the interval has passed',
      [
        [0, 'timeout'],
        [60_000, 'timeout'],
        [61_000, 'timeout'],
      ],
      [WARN, WARN, DEBUG],
    ],
    [
      'a new reason warns at once',
      [
        [0, 'timeout'],
        [1_000, 'parse'],
        [2_000, 'parse'],
      ],
      [WARN, WARN, DEBUG],
    ],
  ])('%s', async (_name, failures, levels) => {
    const { lines, logger } = capture();
    let now = 0;
    const log = new FailureLog(logger, 60_000, () => now);
    for (const [at, reason] of failures) {
      now = at;
      log.failed('t1', 'http://a:1/metrics', new ScrapeError(reason as 'timeout', `${reason} happened`));
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => l.level)).toEqual(levels);
    expect(lines[0]).toMatchObject({ reason: failures[0]![1], msg: 'scrape failed' });
  });

  it('logs the recovery once, and warns again on the next failure', async () => {
    const { lines, logger } = capture();
    const log = new FailureLog(logger, 60_000, () => 0);
    const err = new ScrapeError('timeout', 'slow');
    log.failed('t1', 'u', err);
    log.succeeded('t1', 'u');
    log.succeeded('t1', 'u');
    log.failed('t1', 'u', err);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => l.level)).toEqual([WARN, INFO, WARN]);
  });
});
