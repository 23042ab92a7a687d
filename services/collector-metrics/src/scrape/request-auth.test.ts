import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationHeader } from './request-auth';
import { ScrapeError } from './scrape-error';
import { ScrapeJob } from './scrape-job';

const dir = mkdtempSync(join(tmpdir(), 'request-auth-'));
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, 's3cret\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('authorizationHeader', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['none', {}, undefined],
    ['basic with password', { basicAuth: { username: 'u', password: 'p' } }, basic('u', 'p')],
    [
      'basic with passwordFile (trailing newline dropped)',
      { basicAuth: { username: 'u', passwordFile: secretFile } },
      basic('u', 's3cret'),
    ],
    ['bearer token', { bearerToken: 'tok' }, 'Bearer tok'],
    ['bearer token file', { bearerTokenFile: secretFile }, 'Bearer s3cret'],
  ])('%s', async (_name, auth, expected) => {
    expect(await authorizationHeader(ScrapeJob.parse({ job: 'j', ...auth }))).toBe(expected);
  });

  it('an unreadable secret file fails the scrape with reason auth_file', async () => {
    const job = ScrapeJob.parse({ job: 'j', bearerTokenFile: join(dir, 'missing') });
    const failure = authorizationHeader(job);
    await expect(failure).rejects.toBeInstanceOf(ScrapeError);
    await expect(failure).rejects.toMatchObject({ reason: 'auth_file' });
  });
});
