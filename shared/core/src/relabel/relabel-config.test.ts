import { parseRelabelConfigs, RelabelConfigError, RelabelConfigSchema } from './relabel-config';

describe('RelabelConfigSchema', () => {
  it('applies the Prometheus defaults', () => {
    const config = RelabelConfigSchema.parse({ target_label: 'x' });
    expect(config).toMatchObject({
      action: 'replace',
      sourceLabels: [],
      separator: ';',
      modulus: 0n,
      targetLabel: 'x',
      replacementTemplate: [1],
    });
    expect(config.regex.source).toBe('^(?:(.*))$');
  });

  it.each([
    [{ action: 'LabelMap' }, 'labelmap'],
    [{ action: 'HASHMOD', modulus: 3, target_label: 't' }, 'hashmod'],
    [{ action: 'keepequal', source_labels: ['a'], target_label: 'b', separator: ';', regex: '(.*)' }, 'keepequal'],
    [{ action: 'labeldrop', regex: 'a', replacement: '$1' }, 'labeldrop'],
    [{ action: 'replace', target_label: 'x_${1}' }, 'replace'],
  ])('accepts %j', (raw, action) => {
    expect(RelabelConfigSchema.parse(raw).action).toBe(action);
  });
});

describe('parseRelabelConfigs errors name the key', () => {
  it.each<[string, unknown, string, string]>([
    ['unknown key', [{ regexp: 'x' }], 'relabel_configs[0].regexp', 'Unrecognized key'],
    [
      'invalid regex',
      [{ target_label: 'a' }, { regex: '(', target_label: 'a' }],
      'relabel_configs[1].regex',
      'invalid regular expression',
    ],
    ['unknown action', [{ action: 'rename' }], 'relabel_configs[0].action', 'Invalid option'],
    [
      'replace without target',
      [{ source_labels: ['a'] }],
      'relabel_configs[0].target_label',
      'replace requires target_label',
    ],
    ['invalid target', [{ target_label: '0a' }], 'relabel_configs[0].target_label', 'is not a valid label name'],
    [
      'invalid target template',
      [{ target_label: '-${1}' }],
      'relabel_configs[0].target_label',
      'not a valid label name',
    ],
    [
      'template target for lowercase',
      [{ action: 'lowercase', target_label: '${1}' }],
      'relabel_configs[0].target_label',
      'not a valid',
    ],
    [
      'hashmod without modulus',
      [{ action: 'hashmod', target_label: 't' }],
      'relabel_configs[0].modulus',
      'non-zero modulus',
    ],
    ['negative modulus', [{ action: 'hashmod', target_label: 't', modulus: -1 }], 'relabel_configs[0].modulus', ''],
    [
      'invalid source label',
      [{ source_labels: ['ok', 'not-ok'], target_label: 't' }],
      'relabel_configs[0].source_labels[1]',
      '"not-ok"',
    ],
    [
      'replacement on uppercase',
      [{ action: 'uppercase', target_label: 't', replacement: 'x' }],
      'relabel_configs[0].replacement',
      'cannot be set',
    ],
    [
      'invalid labelmap replacement',
      [{ action: 'labelmap', replacement: 'a-${1}' }],
      'relabel_configs[0].replacement',
      'not a valid label name',
    ],
    [
      'regex on dropequal',
      [{ action: 'dropequal', target_label: 't', regex: 'x' }],
      'relabel_configs[0].regex',
      'only source_labels and target_label',
    ],
    [
      'source_labels on labelkeep',
      [{ action: 'labelkeep', source_labels: [] }],
      'relabel_configs[0].source_labels',
      'takes only regex',
    ],
    ['not a list', { action: 'keep' }, 'relabel_configs', 'expected array'],
  ])('%s', (_title, input, key, reason) => {
    let error: unknown;
    try {
      parseRelabelConfigs(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RelabelConfigError);
    expect((error as RelabelConfigError).key).toBe(key);
    expect((error as RelabelConfigError).reason).toContain(reason);
  });

  it('uses the caller key and treats a missing list as empty', () => {
    expect(parseRelabelConfigs(undefined)).toEqual([]);
    expect(() =>
      parseRelabelConfigs([{ regex: '[', action: 'keep' }], 'scrape_configs[0].metric_relabel_configs'),
    ).toThrow('scrape_configs[0].metric_relabel_configs[0].regex: invalid regular expression');
  });
});
