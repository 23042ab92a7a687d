import { FileSdError, parseFileSd } from './file-sd-format';

describe('parseFileSd', () => {
  it('reads JSON groups, adding __meta_filepath', () => {
    const text = JSON.stringify([{ targets: ['a:1', 'b:2'], labels: { env: 'prod' } }, { targets: ['c:3'] }]);
    expect(parseFileSd('/sd/t.json', text)).toEqual([
      {
        source: '/sd/t.json:0',
        targets: [{ __address__: 'a:1' }, { __address__: 'b:2' }],
        labels: { env: 'prod', __meta_filepath: '/sd/t.json' },
      },
      { source: '/sd/t.json:1', targets: [{ __address__: 'c:3' }], labels: { __meta_filepath: '/sd/t.json' } },
    ]);
  });

  it('reads YAML, and an empty YAML file is no groups', () => {
    expect(parseFileSd('/sd/t.yaml', '- targets: [a:1]\n  labels: {team: x}\n')).toEqual([
      {
        source: '/sd/t.yaml:0',
        targets: [{ __address__: 'a:1' }],
        labels: { team: 'x', __meta_filepath: '/sd/t.yaml' },
      },
    ]);
    expect(parseFileSd('/sd/t.yml', '')).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['/sd/t.json', '[{"targets": ["a:1"]', 'not valid JSON'],
    ['/sd/t.yaml', '- targets: [a:1\n', 'not valid YAML'],
    ['/sd/t.json', '{"targets": ["a:1"]}', 'top level'],
    ['/sd/t.json', '[{"targets": "a:1"}]', '[0].targets'],
    ['/sd/t.json', '[{"targets": ["a:1"], "labels": {"bad-name": "x"}}]', '[0].labels'],
    ['/sd/t.json', '[{"targets": ["a:1"], "extra": 1}]', 'extra'],
  ])('%s %j fails naming %s', (path, text, where) => {
    expect(() => parseFileSd(path, text)).toThrow(FileSdError);
    expect(() => parseFileSd(path, text)).toThrow(where);
  });
});
