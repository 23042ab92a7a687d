import { messageBytes, splitIntoRequests } from './produce-requests';

const msg = (id: string, valueBytes: number) => ({ key: id, value: Buffer.alloc(valueBytes) });

describe('messageBytes', () => {
  it.each([
    [{ value: '' }, 64],
    [{ key: 'ab', value: 'héllo' }, 64 + 2 + 6],
    [
      { key: null, value: Buffer.alloc(10), headers: { tp: 'xyz', multi: [Buffer.alloc(2), 'a'] } },
      64 + 10 + 5 + 7 + 6,
    ],
  ])('%j -> %i', (message, bytes) => {
    expect(messageBytes(message)).toBe(bytes);
  });
});

describe('splitIntoRequests', () => {
  // Each message below is 64 + 1 (key) + value bytes.
  it.each([
    [[], 1_000, []],
    [[msg('a', 100)], 1_000, [['a']]],
    [[msg('a', 435), msg('b', 435)], 1_000, [['a', 'b']]],
    [[msg('a', 436), msg('b', 436)], 1_000, [['a'], ['b']]],
    [[msg('a', 5_000), msg('b', 10), msg('c', 10)], 1_000, [['a'], ['b', 'c']]],
    [
      [msg('a', 300), msg('b', 300), msg('c', 300), msg('d', 300)],
      800,
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
  ])('%#: keeps order and stays under the limit', (messages, maxBytes, expected) => {
    expect(splitIntoRequests(messages, maxBytes).map((group) => group.map((m) => m.key))).toEqual(expected);
  });
});
