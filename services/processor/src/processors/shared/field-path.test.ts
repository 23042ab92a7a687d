import { getField, parseFieldPath, scalarText, setField } from './field-path';

describe('getField', () => {
  const record = {
    message: 'm',
    kubernetes: { pod: { name: 'p' } },
    attributes: { 'http.status': 200, http: { method: 'GET' }, list: [1], nil: null },
  };
  it.each([
    ['message', 'm'],
    ['kubernetes.pod.name', 'p'],
    ['kubernetes.pod', { name: 'p' }],
    ['attributes.http.status', 200],
    ['attributes.http.method', 'GET'],
    ['attributes.list', [1]],
    ['attributes.list.0', undefined],
    ['attributes.nil', null],
    ['attributes.nil.x', undefined],
    ['missing.path', undefined],
  ])('%s', (path, expected) => {
    expect(getField(record, parseFieldPath(path))).toEqual(expected);
  });
});

describe('setField', () => {
  it.each([
    { name: 'sets a nested key', path: 'log.level', value: 'warn', expected: { a: 1, log: { level: 'warn', x: 1 } } },
    {
      name: 'creates objects',
      path: 'attributes.b.c',
      value: 1,
      expected: { a: 1, log: { x: 1 }, attributes: { b: { c: 1 } } },
    },
    { name: 'removes with undefined', path: 'log.x', value: undefined, expected: { a: 1, log: {} } },
  ])('$name', ({ path, value, expected }) => {
    const record = { a: 1, log: { x: 1 } };
    expect(setField(record, parseFieldPath(path), value)).toEqual(expected);
    expect(record).toEqual({ a: 1, log: { x: 1 } });
  });
});

describe('scalarText', () => {
  it.each([
    ['a', 'a'],
    [200, '200'],
    [false, 'false'],
    [null, undefined],
    [{}, undefined],
  ])('%p', (value, text) => expect(scalarText(value)).toBe(text));
});
