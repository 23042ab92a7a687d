import { ConsumerSettings, retryDelayMs } from './consumer-settings';

describe('retryDelayMs', () => {
  const settings = { retryInitialMs: 100, retryMaxMs: 1_000 };
  it.each([
    [0, 100],
    [1, 100],
    [2, 200],
    [4, 800],
    [5, 1_000],
    [500, 1_000],
  ])('after %i failures waits %i ms', (failures, delay) => {
    expect(retryDelayMs(settings, failures)).toBe(delay);
  });
});

describe('ConsumerSettings', () => {
  it('fills defaults around the group id', () => {
    expect(ConsumerSettings.parse({ groupId: 'g' })).toMatchObject({
      groupId: 'g',
      fromBeginning: true,
      maxRecordsPerHandlerCall: 5_000,
    });
  });

  it.each([
    [{}, 'groupId'],
    [{ groupId: 'g', retryInitialMs: 10, retryMaxMs: 5 }, 'retryInitialMs'],
    [{ groupId: 'g', unknownKey: 1 }, ''],
  ])('rejects %j (path %p)', (input, path) => {
    const result = ConsumerSettings.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
