import { generalize, similarity, variableCount } from './similarity';

const t = (s: string): string[] => (s === '' ? [] : s.split(' '));

describe('similarity', () => {
  it.each([
    ['identical', 'a b c', 'a b c', 1],
    ['one of four constants differs', 'a b c d', 'a b c x', 0.75],
    ['template variables are not counted', 'a <*> c', 'a zz c', 1],
    ['a message variable against a constant differs', 'a b', 'a <*>', 0.5],
    ['an all-variable template and a word', '<*>', 'succeeded', 0],
    ['an all-variable template and a value', '<*>', '<*>', 1],
    ['empty', '', '', 1],
  ])('%s', (_name, template, message, expected) => {
    expect(similarity(t(template), t(message))).toBe(expected);
  });
});

describe('generalize', () => {
  it('turns differing positions into <*> and says whether anything changed', () => {
    const template = t('a b c');
    expect(generalize(template, t('a x c'))).toBe(true);
    expect(template).toEqual(t('a <*> c'));
    expect(generalize(template, t('a y c'))).toBe(false);
    expect(variableCount(template)).toBe(1);
  });
});
