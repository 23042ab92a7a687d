import { compileTemplate, expandTemplate } from './replacement-template';

describe('replacement templates (Go regexp.Expand rules)', () => {
  const match = /^(?<first>a+)(b*)(x)?$/.exec('aab')!;

  it.each<[string, string]>([
    ['$1', 'aa'],
    ['${1}', 'aa'],
    ['$0', 'aab'],
    ['${2}-$1', 'b-aa'],
    ['$first', 'aa'],
    ['${first}s', 'aas'],
    ['$firsts', ''], // the name is as long as possible: group "firsts" does not exist
    ['$1x', ''], // group "1x" does not exist
    ['$3', ''], // group 3 did not participate
    ['$9', ''], // out of range
    ['$01', ''], // a leading zero makes it a name, which does not exist
    ['$$1', '$1'],
    ['$', '$'],
    ['a$-b', 'a$-b'],
    ['${', '${'],
    ['${}', '${}'],
    ['${1', '${1'],
    ['plain', 'plain'],
    ['', ''],
  ])('%j expands to %j', (template, expected) => {
    expect(expandTemplate(compileTemplate(template), match)).toBe(expected);
  });
});
