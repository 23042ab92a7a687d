import { dropInternalLabels, hashmod, relabel } from './relabel';
import { parseRelabelConfigs } from './relabel-config';

type Labels = Record<string, string>;

describe('relabel', () => {
  it.each<[string, Labels, unknown[], Labels | null]>([
    [
      'replace with ${1}',
      { a: 'foo' },
      [{ source_labels: ['a'], regex: 'f(.*)', target_label: 'd', replacement: 'ch${1}-ch${1}' }],
      { a: 'foo', d: 'choo-choo' },
    ],
    [
      'replace joins sources with the separator',
      { a: 'foo', b: 'bar' },
      [{ source_labels: ['a', 'b'], regex: 'f(.*);(.*)r', target_label: 'a', replacement: 'b${1}${2}m' }],
      { a: 'boobam', b: 'bar' },
    ],
    [
      'custom separator, missing source label is empty',
      { a: 'x' },
      [{ source_labels: ['a', 'missing', 'a'], separator: '/', target_label: 'p' }],
      { a: 'x', p: 'x//x' },
    ],
    [
      'replace does nothing when the anchored regex does not match',
      { a: 'boo' },
      [{ source_labels: ['a'], regex: 'o', target_label: 'b', replacement: 'bar' }],
      { a: 'boo' },
    ],
    [
      'replace with an empty result removes the target',
      { a: 'x', b: 'y' },
      [{ source_labels: ['missing'], target_label: 'b' }],
      { a: 'x' },
    ],
    [
      'replace with a literal replacement adds a label',
      { a: 'x' },
      [{ target_label: 'env', replacement: 'prod' }],
      { a: 'x', env: 'prod' },
    ],
    [
      'target label from a capture group',
      { a: 'some-name-value' },
      [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}' }],
      { a: 'some-name-value', name: 'value' },
    ],
    [
      'target label expanding to an invalid name is skipped',
      { a: 'some-0-value' },
      [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}' }],
      { a: 'some-0-value' },
    ],
    [
      '$1x is group "1x" (empty) while ${1}x is group 1 then x',
      { a: 'v' },
      [
        { source_labels: ['a'], target_label: 'long', replacement: '$1x' },
        { source_labels: ['a'], target_label: 'braced', replacement: '${1}x' },
      ],
      { a: 'v', braced: 'vx' },
    ],
    [
      'named groups in Go syntax, $$ and $0',
      { __address__: 'host:9100' },
      [
        {
          source_labels: ['__address__'],
          regex: '(?P<host>[^:]+):(?P<port>\\d+)',
          target_label: 'h',
          replacement: '$host',
        },
        {
          source_labels: ['__address__'],
          regex: '(?P<host>[^:]+):(?P<port>\\d+)',
          target_label: 'p',
          replacement: '$$${port}|$0',
        },
      ],
      { __address__: 'host:9100', h: 'host', p: '$9100|host:9100' },
    ],
    ['drop when the regex matches', { a: 'foo' }, [{ source_labels: ['a'], regex: '.*o.*', action: 'drop' }], null],
    ['drop regex is anchored', { a: 'foo' }, [{ source_labels: ['a'], regex: 'f|o', action: 'drop' }], { a: 'foo' }],
    [
      'keep when the regex does not match',
      { a: 'foo' },
      [{ source_labels: ['a'], regex: 'bar', action: 'keep' }],
      null,
    ],
    [
      'keep with a case-insensitive flag',
      { a: 'FOO' },
      [{ source_labels: ['a'], regex: '(?i)foo', action: 'Keep' }],
      { a: 'FOO' },
    ],
    [
      'keepequal keeps equal values',
      { __tmp: '1234', port: '1234' },
      [{ source_labels: ['__tmp'], target_label: 'port', action: 'keepequal' }],
      { __tmp: '1234', port: '1234' },
    ],
    [
      'keepequal drops different values',
      { __tmp: '1234', port: '5678' },
      [{ source_labels: ['__tmp'], target_label: 'port', action: 'keepequal' }],
      null,
    ],
    ['dropequal', { a: '1', b: '1' }, [{ source_labels: ['a'], target_label: 'b', action: 'dropequal' }], null],
    [
      'lowercase and uppercase',
      { foo: 'bAr123Foo' },
      [
        { source_labels: ['foo'], target_label: 'up', action: 'uppercase' },
        { source_labels: ['foo'], target_label: 'low', action: 'lowercase' },
      ],
      { foo: 'bAr123Foo', up: 'BAR123FOO', low: 'bar123foo' },
    ],
    [
      'lowercase of an empty value removes the target',
      { t: 'x' },
      [{ source_labels: ['missing'], target_label: 't', action: 'lowercase' }],
      {},
    ],
    // Expected hashes come from the definition, computed outside this code: `printf 'baz' | md5sum` gives
    // 73feffa4b7f6bb68e44cf984c85f6e88; its last 8 bytes 0xe44cf984c85f6e88 % 1000 = 976 (Prometheus's own test
    // expects 976 too). `printf 'foo\nbar' | md5sum` → ...3ec798554f1fe7e6 % 1000 = 734 (also in Prometheus's tests),
    // `printf 'foo;bar' | md5sum` → ...ddadc4ed9df31f3e % 1000 = 750, `printf 'foo' | md5sum` → ...edef654fccc4a4d8 % 7 = 2.
    [
      'hashmod (baz % 1000)',
      { c: 'baz' },
      [{ source_labels: ['c'], target_label: 'd', modulus: 1000, action: 'hashmod' }],
      { c: 'baz', d: '976' },
    ],
    [
      'hashmod of a value with a newline',
      { a: 'foo\nbar' },
      [{ source_labels: ['a'], target_label: 'b', modulus: 1000, action: 'hashmod' }],
      { a: 'foo\nbar', b: '734' },
    ],
    [
      'hashmod of joined sources',
      { a: 'foo', b: 'bar' },
      [{ source_labels: ['a', 'b'], target_label: '__tmp_hash', modulus: 1000, action: 'hashmod' }],
      { a: 'foo', b: 'bar', __tmp_hash: '750' },
    ],
    [
      'hashmod for sharding: keep shard 2 of 7',
      { a: 'foo' },
      [
        { source_labels: ['a'], target_label: '__tmp_shard', modulus: 7, action: 'hashmod' },
        { source_labels: ['__tmp_shard'], regex: '2', action: 'keep' },
      ],
      { a: 'foo', __tmp_shard: '2' },
    ],
    [
      'labelmap copies matching labels under new names',
      { a: 'foo', __meta_my_bar: 'aaa', __meta_other: 'ccc' },
      [{ regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' }],
      { a: 'foo', __meta_my_bar: 'aaa', __meta_other: 'ccc', my_bar: 'aaa' },
    ],
    [
      'labelmap does not re-match labels it created',
      { b1: 'bar' },
      [{ regex: '(b.*)', replacement: 'b_${1}', action: 'labelmap' }],
      { b1: 'bar', b_b1: 'bar' },
    ],
    ['labeldrop', { a: 'foo', b1: 'bar', b2: 'baz' }, [{ regex: 'b.*', action: 'labeldrop' }], { a: 'foo' }],
    [
      'labelkeep',
      { a: 'foo', b1: 'bar', b2: 'baz' },
      [{ regex: 'b.*', action: 'labelkeep' }],
      { b1: 'bar', b2: 'baz' },
    ],
    [
      'a rule sees the result of the previous one',
      { __meta_kubernetes_pod_annotation_port: '9091', __meta_kubernetes_pod_container_port_name: 'foo' },
      [
        { regex: '__meta_kubernetes_pod_container_port_name', action: 'labeldrop' },
        {
          source_labels: ['__meta_kubernetes_pod_annotation_port'],
          regex: '(.+)',
          target_label: '__meta_kubernetes_pod_container_port_name',
          replacement: 'metrics',
        },
        { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' },
      ],
      { __meta_kubernetes_pod_annotation_port: '9091', __meta_kubernetes_pod_container_port_name: 'metrics' },
    ],
    ['no rules', { a: 'x' }, [], { a: 'x' }],
  ])('%s', (_title, input, rawConfigs, expected) => {
    const before = { ...input };
    expect(relabel(input, parseRelabelConfigs(rawConfigs))).toEqual(expected);
    expect(input).toEqual(before);
  });

  it('keeps a label named __proto__ as an own label', () => {
    const input: Labels = Object.fromEntries([['__proto__', 'x']]);
    const out = relabel(input, parseRelabelConfigs([{ target_label: 'a', replacement: 'b' }]));
    expect(Object.keys(out!)).toEqual(['__proto__', 'a']);
  });
});

describe('hashmod', () => {
  it.each<[string, bigint, bigint]>([
    ['baz', 1000n, 976n],
    ['foo', 7n, 2n],
    ['', 1000n, 958n], // printf '' | md5sum → d41d8cd98f00b204e9800998ecf8427e, 0xe9800998ecf8427e % 1000
    ['foo', 2n ** 64n - 1n, 0xedef654fccc4a4d8n], // a modulus above 2^53 still uses all 64 bits
  ])('hashmod(%j, %s) = %s', (value, modulus, expected) => {
    expect(hashmod(value, modulus)).toBe(expected);
  });
});

describe('dropInternalLabels', () => {
  it.each<[Labels, Labels]>([
    [
      { __address__: 'h:1', __meta_x: 'y', job: 'j', _a: 'b' },
      { job: 'j', _a: 'b' },
    ],
    [{}, {}],
  ])('%j → %j', (input, expected) => {
    expect(dropInternalLabels(input)).toEqual(expected);
  });
});
