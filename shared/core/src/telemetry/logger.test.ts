import { createLogger } from './logger';

function capture(level: Parameters<typeof createLogger>[1] = 'info', redactPaths?: string[]) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('sink', level, {
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
    redactPaths,
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a level label and an ISO time', () => {
    const { logger, lines } = capture();
    logger.info({ batch: 3 }, 'flushed');
    expect(lines).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: 'sink', batch: 3, msg: 'flushed' },
    ]);
  });

  it.each([
    [{ password: 'p' }, 'password'],
    [{ kafka: { sasl: { password: 'p' } } }, 'kafka.sasl.password'],
    [{ headers: { authorization: 'Bearer t' } }, 'headers.authorization'],
    [{ es: { apiKey: 'k' } }, 'es.apiKey'],
    [{ request: { body: { token: 't' } } }, 'request.body.token'],
    [{ err: Object.assign(new Error('WRONGPASS'), { command: { name: 'auth', args: ['p'] } }) }, 'err.command.args'],
  ])('masks %j', (fields, path) => {
    const { logger, lines } = capture();
    logger.info(fields, 'x');
    const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], lines[0]);
    expect(value).toBe('[REDACTED]');
  });

  it('masks extra paths', () => {
    const { logger, lines } = capture('info', ['dsn']);
    logger.info({ dsn: 'https://u:p@h' }, 'x');
    expect(lines[0]?.['dsn']).toBe('[REDACTED]');
  });

  it('respects the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
