import { SERVICE_NODE_OPTIONS } from '@daytwo/core';
import { LogsBenchArgsError, parseLogsBenchArgs } from './args';

describe('parseLogsBenchArgs', () => {
  it('has the defaults of the issue', () => {
    expect(parseLogsBenchArgs([])).toMatchObject({
      lines: 2_000_000,
      runs: 2,
      rate: 10_000,
      latencySeconds: 20,
      collectorSet: { producer: { compression: 'none' } },
      skip: [],
      keepWorkDir: false,
      collectorNodeArgs: [SERVICE_NODE_OPTIONS],
    });
  });

  it.each<[string[], object]>([
    [['--lines', '1000', '--runs', '3'], { lines: 1000, runs: 3 }],
    [['--skip', 'rsyslog,latency'], { skip: ['rsyslog', 'latency'] }],
    [
      ['--collector-node-args', '--max-semi-space-size=32 --cpu-prof'],
      { collectorNodeArgs: ['--max-semi-space-size=32', '--cpu-prof'] },
    ],
    [
      ['--collector-set', 'producer.maxRecordsPerMessage=2000', '--collector-set', 'read.chunkBytes=1048576'],
      {
        collectorSet: { producer: { compression: 'none', maxRecordsPerMessage: 2000 }, read: { chunkBytes: 1048576 } },
      },
    ],
    [['--keep-work-dir', '--lines', '5'], { keepWorkDir: true, lines: 5 }],
    [['--collector-node-args', ''], { collectorNodeArgs: [] }],
  ])('%j', (argv, expected) => {
    expect(parseLogsBenchArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [['--lines', '0'], 'positive'],
    [['--lines'], 'needs a value'],
    [['--skip', 'collector'], 'unknown stage collector'],
    [['--collector-set', 'compression=none'], 'section.key=value'],
    [['--bogus', '1'], 'unknown argument --bogus'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseLogsBenchArgs(argv)).toThrow(LogsBenchArgsError);
    expect(() => parseLogsBenchArgs(argv)).toThrow(message);
  });
});
