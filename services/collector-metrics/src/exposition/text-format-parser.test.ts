import { ExpositionError } from './exposition-error';
import { parseTextFormat } from './text-format-parser';
import type { ParsedSample } from './types';

type Row = [name: string, labels: Record<string, string>, value: number, timestampMs: number | undefined, type: string];
const rows = (samples: ParsedSample[]): Row[] => samples.map((s) => [s.name, s.labels, s.value, s.timestampMs, s.type]);

describe('parseTextFormat: valid expositions', () => {
  it.each<[string, string, Row[]]>([
    ['a bare sample', 'up 1\n', [['up', {}, 1, undefined, 'untyped']]],
    ['no final newline', 'up 1', [['up', {}, 1, undefined, 'untyped']]],
    [
      'CRLF line endings',
      'up 1\r\nup2 2\r\n',
      [
        ['up', {}, 1, undefined, 'untyped'],
        ['up2', {}, 2, undefined, 'untyped'],
      ],
    ],
    [
      'a counter with labels and a timestamp',
      '# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n' +
        'http_requests_total{method="post",code="200"} 1027 1395066363000\n',
      [['http_requests_total', { method: 'post', code: '200' }, 1027, 1395066363000, 'counter']],
    ],
    [
      'blanks between tokens, a trailing comma, empty braces, tabs',
      'g { a = "1" , b="2", } 3\t 4 \nh{} 5\n',
      [
        ['g', { a: '1', b: '2' }, 3, 4, 'untyped'],
        ['h', {}, 5, undefined, 'untyped'],
      ],
    ],
    [
      'label value escapes (unknown escapes kept verbatim)',
      'm{path="C:\\\\dir\\\\",msg="say \\"hi\\"\\nbye",re="\\d+"} 1\n',
      [['m', { path: 'C:\\dir\\', msg: 'say "hi"\nbye', re: '\\d+' }, 1, undefined, 'untyped']],
    ],
    [
      'NaN and infinities',
      '# TYPE g gauge\ng{k="a"} NaN\ng{k="b"} +Inf\ng{k="c"} -Inf\ng{k="d"} Inf\n',
      [
        ['g', { k: 'a' }, NaN, undefined, 'gauge'],
        ['g', { k: 'b' }, Infinity, undefined, 'gauge'],
        ['g', { k: 'c' }, -Infinity, undefined, 'gauge'],
        ['g', { k: 'd' }, Infinity, undefined, 'gauge'],
      ],
    ],
    [
      'a histogram',
      '# TYPE lat histogram\nlat_bucket{le="0.5"} 1\nlat_bucket{le="+Inf"} 3\nlat_sum 2.5\nlat_count 3\n',
      [
        ['lat_bucket', { le: '0.5' }, 1, undefined, 'histogram'],
        ['lat_bucket', { le: '+Inf' }, 3, undefined, 'histogram'],
        ['lat_sum', {}, 2.5, undefined, 'histogram'],
        ['lat_count', {}, 3, undefined, 'histogram'],
      ],
    ],
    [
      'a summary',
      '# TYPE rpc summary\nrpc{quantile="0.99"} 7\nrpc_sum 9\nrpc_count 2\n',
      [
        ['rpc', { quantile: '0.99' }, 7, undefined, 'summary'],
        ['rpc_sum', {}, 9, undefined, 'summary'],
        ['rpc_count', {}, 2, undefined, 'summary'],
      ],
    ],
    [
      'comments, blank lines and unrelated # lines are ignored',
      '\n# just a comment\n#HELP not metadata\n   \n# TYPE x untyped\n\nx 1\n',
      [['x', {}, 1, undefined, 'untyped']],
    ],
    [
      'a histogram _sum seen before TYPE is its own untyped family',
      'lat_sum 1\n# TYPE lat histogram\nlat_count 1\n',
      [
        ['lat_sum', {}, 1, undefined, 'untyped'],
        ['lat_count', {}, 1, undefined, 'histogram'],
      ],
    ],
    [
      'samples of an earlier family after another one keep their type',
      '# TYPE a counter\n# TYPE b gauge\nb 1\na 2\n',
      [
        ['b', {}, 1, undefined, 'gauge'],
        ['a', {}, 2, undefined, 'counter'],
      ],
    ],
    ['metric names with colons', 'job:rate:5m 1\n', [['job:rate:5m', {}, 1, undefined, 'untyped']]],
  ])('%s', (_title, body, expected) => {
    expect(rows(parseTextFormat(body).samples)).toEqual(expected);
  });

  it('fills in the default timestamp and tells explicit ones apart', () => {
    const { samples } = parseTextFormat('a 1\nb 2 5\n', { defaultTimestampMs: 1000 });
    expect(samples.map((s) => [s.timestampMs, s.hasExplicitTimestamp])).toEqual([
      [1000, false],
      [5, true],
    ]);
  });

  it('reports families with their metadata and unescaped HELP', () => {
    const body = '# HELP c Line one\\nC:\\\\ "q"\n# TYPE c counter\nc 1\nother 2\n# HELP h\n';
    expect(parseTextFormat(body).families).toEqual([
      { name: 'c', type: 'counter', help: 'Line one\nC:\\ "q"' },
      { name: 'other', type: 'untyped' },
      { name: 'h', type: 'untyped', help: '' },
    ]);
    expect(parseTextFormat(body).samples[0]!.family).toBe('c');
  });

  it('keeps a label literally named __proto__ as an own label', () => {
    const [sample] = parseTextFormat('m{__proto__="x"} 1\n').samples;
    expect(Object.keys(sample!.labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(sample!.labels)).toBe(Object.prototype);
  });
});

describe('parseTextFormat: malformed expositions', () => {
  it.each<[string, string, number, string]>([
    ['missing value', 'ok 1\nup\n', 2, 'sample up has no value'],
    ['missing value after labels', 'up{a="b"}\n', 1, 'sample up has no value'],
    ['bad value', 'up one\n', 1, 'invalid sample value "one"'],
    ['float timestamp', 'up 1 1.5\n', 1, 'invalid timestamp "1.5"'],
    ['text after the timestamp', 'up 1 2 3\n', 1, 'unexpected text after the timestamp'],
    ['invalid metric name', '0up 1\n', 1, 'expected a metric name'],
    ['invalid character in a metric name', 'up-time 1\n', 1, 'unexpected "-" after metric name up'],
    ['invalid label name', 'up{0a="b"} 1\n', 1, 'expected a label name'],
    ['label name with a dash', 'up{a-b="c"} 1\n', 1, 'expected = after label name a'],
    ['duplicate label', 'up{a="1",a="2"} 1\n', 1, 'duplicate label name a'],
    ['__name__ label', 'up{__name__="x"} 1\n', 1, 'label name __name__ is reserved'],
    ['unquoted label value', 'up{a=b} 1\n', 1, 'expected a quoted label value'],
    ['unterminated label value', 'up{a="b} 1\n', 1, 'unterminated label value'],
    ['missing closing brace', 'up{a="b" 1\n', 1, 'expected , or } after the value of label a'],
    ['leading comma', 'up{,a="b"} 1\n', 1, 'expected a label name'],
    ['unknown type', '# TYPE up thing\n', 1, 'unknown metric type "thing"'],
    ['OpenMetrics-only type', '# TYPE up info\n', 1, 'unknown metric type "info"'],
    ['TYPE without type', '# TYPE up\n', 1, 'unknown metric type ""'],
    ['TYPE without name', '# TYPE\n', 1, 'TYPE line without a metric name'],
    ['second TYPE', '# TYPE up gauge\n# TYPE up gauge\n', 2, 'second TYPE line for up'],
    ['second HELP', '# HELP up a\n# HELP up b\n', 2, 'second HELP line for up'],
    ['TYPE after samples', 'up 1\n# TYPE up gauge\n', 2, 'TYPE line for up after its samples'],
    ['histogram bucket without le', '# TYPE h histogram\nh_bucket 1\n', 2, 'sample has no le label'],
    ['bad le', '# TYPE h histogram\nh_bucket{le="x"} 1\n', 2, 'le label value "x" is not a number'],
    ['summary quantile without quantile', '# TYPE s summary\ns 1\n', 2, 'sample has no quantile label'],
    ['bare sample of a histogram', '# TYPE h histogram\nh 1\n', 2, 'sample h is not valid in histogram family h'],
  ])('%s', (_title, body, line, reason) => {
    let error: unknown;
    try {
      parseTextFormat(body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ExpositionError);
    expect((error as ExpositionError).line).toBe(line);
    expect((error as ExpositionError).reason).toContain(reason);
    expect((error as ExpositionError).format).toBe('text');
  });
});
