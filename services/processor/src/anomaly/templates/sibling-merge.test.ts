import type { Cluster } from './drain-tree';
import { mergeableSiblings, tokenShape } from './sibling-merge';

function cluster(template: string): Cluster {
  const tokens = template.split(' ');
  return { id: template, source: 's', path: [String(tokens.length)], tokens, template, count: 1 };
}

describe('tokenShape', () => {
  it.each([
    ['<*>,', 'value'],
    ['()', 'value'],
    ['LOCAL(<*>),', 'labelled'],
    ['android.intent.action.SCREEN_ON', 'dotted'],
    ['Started', 'word'],
    ['SPP.', 'word'],
  ])('%s is a %s', (token, shape) => {
    expect(tokenShape(token)).toBe(shape);
  });
});

describe('mergeableSiblings', () => {
  it.each([
    ['words below the value count', ['removing a x', 'removing b x'], 'removing c x', 4, 0],
    ['words at the value count', ['removing a x', 'removing b x', 'removing c x'], 'removing d x', 4, 3],
    ['one value written two ways', ['to <*>, stratum <*>'], 'to LOCAL(<*>), stratum <*>', 7, 1],
    ['one key with other values', ['failure; user=root'], 'failure; user=admin', 7, 1],
    ['two dotted names', ['action a.b.ON'], 'action a.b.OFF', 7, 1],
    ['labels that are words', ['caused by dcbf...<*>'], 'caused by icbi...<*>', 7, 0],
    ['two differing positions', ['a b c d', 'a x c y'], 'a z c w', 2, 0],
    ['nothing else in common', ['alpha'], 'beta', 2, 0],
  ])('%s', (_name, templates, message, minWordValues, expected) => {
    const found = mergeableSiblings(templates.map(cluster), message.split(' '), minWordValues);
    expect(found?.length ?? 0).toBe(expected);
  });
});
