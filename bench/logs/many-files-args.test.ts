import { SERVICE_NODE_OPTIONS } from '@daytwo/core';
import { LogsBenchArgsError } from './args';
import { parseManyFilesArgs } from './many-files-args';

describe('parseManyFilesArgs', () => {
  it('defaults to 300 files, 10 of them written to at 1000 lines/s, with a few lines and with about 1 MiB', () => {
    expect(parseManyFilesArgs([])).toMatchObject({
      files: 300,
      active: 10,
      rate: 1000,
      initialLines: [5, 5000],
      seconds: 30,
      runs: 1,
      collectorNodeArgs: [SERVICE_NODE_OPTIONS],
      collectorSet: {},
    });
  });

  it.each<[string[], object]>([
    [['--files', '50', '--active', '5'], { files: 50, active: 5 }],
    [['--initial-lines', '1,20000', '--seconds', '10'], { initialLines: [1, 20000], seconds: 10 }],
    [['--collector-set', 'read.chunkBytes=1048576'], { collectorSet: { read: { chunkBytes: 1048576 } } }],
    [['--collector-node-args', ''], { collectorNodeArgs: [] }],
  ])('%j', (argv, expected) => {
    expect(parseManyFilesArgs(argv)).toMatchObject(expected);
  });

  it.each([[['--files', '5', '--active', '6']], [['--initial-lines', '5,0']], [['--rate']], [['--lines', '5']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseManyFilesArgs(argv)).toThrow(LogsBenchArgsError);
    },
  );
});
