import { ExpositionError } from './exposition-error';
import { parseOpenMetrics } from './openmetrics-parser';
import type { ParsedSample } from './types';

type Row = [name: string, labels: Record<string, string>, value: number, timestampMs: number | undefined, type: string];
const rows = (samples: ParsedSample[]): Row[] => samples.map((s) => [s.name, s.labels, s.value, s.timestampMs, s.type]);

describe('parseOpenMetrics: valid expositions', () => {
  it.each<[string, string, Row[]]>([
    ['only # EOF', '# EOF\n', []],
    ['# EOF without a final newline', 'up 1\n# EOF', [['up', {}, 1, undefined, 'untyped']]],
    [
      'a counter: family without _total, samples with it, float-second timestamps',
      '# TYPE req counter\n# HELP req Requests.\nreq_total{code="200"} 5 1520879607.789\nreq_created{code="200"} 1520430000.123\n# EOF\n',
      [
        ['req_total', { code: '200' }, 5, 1520879607789, 'counter'],
        ['req_created', { code: '200' }, 1520430000.123, undefined, 'counter'],
      ],
    ],
    [
      'exemplars are skipped',
      '# TYPE req counter\nreq_total 5 # {trace_id="abc"} 1 1520879607.7\n' +
        '# TYPE lat histogram\nlat_bucket{le="1"} 2 123 # {trace_id="d"} 0.5\nlat_bucket{le="+Inf"} 3\nlat_count 3\nlat_sum 1.5\nlat_created 1\n# EOF\n',
      [
        ['req_total', {}, 5, undefined, 'counter'],
        ['lat_bucket', { le: '1' }, 2, 123000, 'histogram'],
        ['lat_bucket', { le: '+Inf' }, 3, undefined, 'histogram'],
        ['lat_count', {}, 3, undefined, 'histogram'],
        ['lat_sum', {}, 1.5, undefined, 'histogram'],
        ['lat_created', {}, 1, undefined, 'histogram'],
      ],
    ],
    [
      'a gauge histogram',
      '# TYPE q gaugehistogram\nq_bucket{le="+Inf"} 4\nq_gcount 4\nq_gsum 8\n# EOF\n',
      [
        ['q_bucket', { le: '+Inf' }, 4, undefined, 'gaugehistogram'],
        ['q_gcount', {}, 4, undefined, 'gaugehistogram'],
        ['q_gsum', {}, 8, undefined, 'gaugehistogram'],
      ],
    ],
    [
      'a summary',
      '# TYPE rpc summary\nrpc{quantile="0.5"} NaN\nrpc_sum 0\nrpc_count 0\nrpc_created 1.5\n# EOF\n',
      [
        ['rpc', { quantile: '0.5' }, NaN, undefined, 'summary'],
        ['rpc_sum', {}, 0, undefined, 'summary'],
        ['rpc_count', {}, 0, undefined, 'summary'],
        ['rpc_created', {}, 1.5, undefined, 'summary'],
      ],
    ],
    [
      'info and stateset',
      '# TYPE build info\nbuild_info{version="1.2"} 1\n# TYPE mode stateset\nmode{mode="a"} 1\nmode{mode="b"} 0\n# EOF\n',
      [
        ['build_info', { version: '1.2' }, 1, undefined, 'info'],
        ['mode', { mode: 'a' }, 1, undefined, 'stateset'],
        ['mode', { mode: 'b' }, 0, undefined, 'stateset'],
      ],
    ],
    [
      'unknown type, infinities, escapes',
      '# TYPE x unknown\nx{v="a\\\\b\\"c\\nd"} -Inf\nx{v="e"} +inf\n# EOF\n',
      [
        ['x', { v: 'a\\b"c\nd' }, -Infinity, undefined, 'untyped'],
        ['x', { v: 'e' }, Infinity, undefined, 'untyped'],
      ],
    ],
    [
      'samples without metadata form untyped families',
      'a 1\nb_total 2\n# EOF\n',
      [
        ['a', {}, 1, undefined, 'untyped'],
        ['b_total', {}, 2, undefined, 'untyped'],
      ],
    ],
  ])('%s', (_title, body, expected) => {
    expect(rows(parseOpenMetrics(body).samples)).toEqual(expected);
  });

  it('reports HELP, TYPE and UNIT', () => {
    const body =
      '# TYPE lat_seconds histogram\n# UNIT lat_seconds seconds\n# HELP lat_seconds A \\"quoted\\" help\\\\.\n' +
      'lat_seconds_count 0\n# EOF\n';
    expect(parseOpenMetrics(body).families).toEqual([
      { name: 'lat_seconds', type: 'histogram', unit: 'seconds', help: 'A "quoted" help\\.' },
    ]);
  });

  it('uses the default timestamp when none is given', () => {
    const { samples } = parseOpenMetrics('a 1\nb 2 3\n# EOF\n', { defaultTimestampMs: 77 });
    expect(samples.map((s) => [s.timestampMs, s.hasExplicitTimestamp])).toEqual([
      [77, false],
      [3000, true],
    ]);
  });
});

describe('parseOpenMetrics: malformed expositions', () => {
  it.each<[string, string, number, string]>([
    ['empty body', '', 1, 'missing # EOF'],
    ['missing # EOF', 'up 1\n', 1, 'missing # EOF'],
    ['content after # EOF', 'up 1\n# EOF\nup 2\n', 3, 'content after # EOF'],
    ['blank line after # EOF', '# EOF\n\n', 2, 'content after # EOF'],
    ['empty line', 'up 1\n\n# EOF\n', 2, 'empty line'],
    ['comment', '# hello\n# EOF\n', 1, 'unknown line # hello'],
    ['two spaces before the value', 'up  1\n# EOF\n', 1, 'invalid sample value ""'],
    ['tab before the value', 'up\t1\n# EOF\n', 1, 'expected a space before the value of up'],
    ['blank inside braces', 'up{ a="b"} 1\n# EOF\n', 1, 'expected a label name'],
    ['trailing comma in labels', 'up{a="b",} 1\n# EOF\n', 1, 'expected a label name'],
    ['unknown escape', 'up{a="\\t"} 1\n# EOF\n', 1, 'invalid escape sequence \\t'],
    ['duplicate label', 'up{a="1",a="1"} 1\n# EOF\n', 1, 'duplicate label name a'],
    ['text-format-only type', '# TYPE up untyped\n# EOF\n', 1, 'unknown metric type "untyped"'],
    ['bad timestamp', 'up 1 NaN\n# EOF\n', 1, 'invalid timestamp "NaN"'],
    ['bare counter sample', '# TYPE c counter\nc 1\n# EOF\n', 2, 'sample c is not valid in counter family c'],
    ['gauge with _total', '# TYPE g gauge\ng_total 1\n# EOF\n', 2, 'sample g_total is not valid in gauge family g'],
    ['interleaved family', '# TYPE c counter\nc_total 1\nd 1\nc_total 2\n# EOF\n', 4, 'family c appears again'],
    ['repeated untyped family', 'a 1\nb 1\na 2\n# EOF\n', 3, 'family a appears again'],
    ['metadata after samples', 'a 1\n# HELP a x\n# EOF\n', 2, 'metadata for a after its samples'],
    ['second TYPE', '# TYPE a gauge\n# TYPE a gauge\n# EOF\n', 2, 'second TYPE line for a'],
    ['unit not a suffix', '# UNIT lat seconds\n# EOF\n', 1, 'unit seconds is not a suffix'],
    ['exemplar on a gauge', '# TYPE g gauge\ng 1 # {a="b"} 1\n# EOF\n', 2, 'exemplars are only allowed'],
    ['malformed exemplar', '# TYPE c counter\nc_total 1 # {a="b"}\n# EOF\n', 2, 'expected a space before the exemplar'],
    [
      'exemplar labels too long',
      `# TYPE c counter\nc_total 1 # {trace_id="${'x'.repeat(121)}"} 1\n# EOF\n`,
      2,
      'exemplar labels exceed 128 characters',
    ],
    ['stateset without its label', '# TYPE s stateset\ns{x="a"} 1\n# EOF\n', 2, 'no label named after its family s'],
    ['bucket without le', '# TYPE h histogram\nh_bucket 1\n# EOF\n', 2, 'sample has no le label'],
    ['CRLF', 'up 1\r\n# EOF\n', 1, 'invalid sample value "1\\r"'],
  ])('%s', (_title, body, line, reason) => {
    let error: unknown;
    try {
      parseOpenMetrics(body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ExpositionError);
    expect((error as ExpositionError).reason).toContain(reason);
    expect((error as ExpositionError).line).toBe(line);
    expect((error as ExpositionError).format).toBe('openmetrics');
  });
});
