import { ByteSize, Duration, parseByteSize, parseDurationMs } from './units';

describe('parseDurationMs', () => {
  it.each<[string, number | undefined]>([
    ['15s', 15_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['15', undefined],
    ['1.5s', undefined],
    ['s', undefined],
    ['', undefined],
    ['10 s', undefined],
  ])('%j → %j', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it('rejects zero in the schema', () => expect(Duration.safeParse('0s').success).toBe(false));
});

describe('parseByteSize', () => {
  it.each<[string, number | undefined]>([
    ['10MiB', 10 * 1024 * 1024],
    ['512KB', 512_000],
    ['2048B', 2048],
    ['1GiB', 1024 ** 3],
    ['10mb', undefined],
    ['MiB', undefined],
  ])('%j → %j', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each<[unknown, number | undefined]>([
    [1024, 1024],
    ['1KiB', 1024],
    [0, undefined],
    [1.5, undefined],
    ['x', undefined],
  ])('schema %j → %j', (input, bytes) => {
    const result = ByteSize.safeParse(input);
    expect(result.success ? result.data : undefined).toBe(bytes);
  });
});
