import { isValidLabelName, isValidLabelNameTemplate } from './label-name';

describe('isValidLabelName', () => {
  it.each<[string, boolean]>([
    ['job', true],
    ['_x9', true],
    ['__address__', true],
    ['9a', false],
    ['a-b', false],
    ['a.b', false],
    ['', false],
  ])('%j → %s', (name, valid) => {
    expect(isValidLabelName(name)).toBe(valid);
  });
});

describe('isValidLabelNameTemplate (target_label of replace, replacement of labelmap)', () => {
  it.each<[string, boolean]>([
    ['label', true],
    ['label${1}', true],
    ['${1}label', true],
    ['${1}', true],
    ['$1', true],
    ['asd$2asd', true],
    ['_${1}_', true],
    ['foo${bar}foo', true],
    ['-label', false],
    ['${', false],
    ['$', false],
    ['${}', false],
    ['foo${', false],
    ['-foo${1}bar-', false],
    ['0${3}', false],
    ['', false],
  ])('%j → %s', (template, valid) => {
    expect(isValidLabelNameTemplate(template)).toBe(valid);
  });
});
