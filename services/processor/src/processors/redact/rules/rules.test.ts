import { Redactor } from '../redactor';
import { BUILTIN_RULES } from './builtin';
import { luhnValid, plausibleCardNumber } from './card-number';
import { isSecretKey } from './credentials';

const redactor = new Redactor(BUILTIN_RULES, '[REDACTED]');
function run(text: string) {
  const rules: string[] = [];
  const output = redactor.redactText(text, (rule) => rules.push(rule));
  return { output, rules };
}

describe('built-in redaction rules', () => {
  it.each([
    [
      'url-password',
      'connecting to postgres://app:s3cr3t@db:5432/orders',
      'connecting to postgres://app:[REDACTED]@db:5432/orders',
    ],
    ['url-password', 'redis://:hunter2@cache:6379/0 ok', 'redis://:[REDACTED]@cache:6379/0 ok'],
    ['authorization-header', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [REDACTED]'],
    [
      'authorization-header',
      '{"authorization":"Basic dXNlcjpwYXNz","x":1}',
      '{"authorization":"Basic [REDACTED]","x":1}',
    ],
    [
      'authorization-header',
      'headers=map[Authorization:[Bearer t0k3n] Accept:[*/*]]',
      'headers=map[Authorization:[Bearer [REDACTED]] Accept:[*/*]]',
    ],
    ['authorization-header', 'Proxy-Authorization: Digest-ish 12345 abc', 'Proxy-Authorization: [REDACTED]'],
    ['bearer-token', 'retrying with bearer 0123456789abcdefXYZ now', 'retrying with bearer [REDACTED] now'],
    ['jwt', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl.', 'token [REDACTED].'],
    ['aws-access-key', 'key id AKIAIOSFODNN7EXAMPLE used', 'key id [REDACTED] used'],
    [
      'aws-secret-key',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = [REDACTED]',
    ],
    ['gcp-api-key', 'key=AIzaSyA1234567890abcdefghijklmnopqrstuv&x', 'key=[REDACTED]&x'],
    ['github-token', 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'GITHUB_TOKEN=[REDACTED]'],
    ['slack-token', 'slack xoxb-123456789012-abcdefABCDEF', 'slack [REDACTED]'],
    ['stripe-key', 'using sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'using [REDACTED]'],
    ['key-value-secret', 'db_password=hunter2 user=bob', 'db_password=[REDACTED] user=bob'],
    [
      'key-value-secret',
      '{"user":"bob","password":"p@ss \\"q\\"","n":1}',
      '{"user":"bob","password":"[REDACTED]","n":1}',
    ],
    ['key-value-secret', "clientSecret: 'abc123'", "clientSecret: '[REDACTED]'"],
    [
      'key-value-secret',
      'GET /cb?code=1&access_token=abc123&state=x',
      'GET /cb?code=1&access_token=[REDACTED]&state=x',
    ],
    ['key-value-secret', 'X-Api-Key: k-123', 'X-Api-Key: [REDACTED]'],
    ['key-value-secret', "$db = ['password' => 'pw1'];", "$db = ['password' => '[REDACTED]'];"],
    ['card-number', 'paid with 4111 1111 1111 1111 exp 12/29', 'paid with [REDACTED] exp 12/29'],
    ['card-number', 'amex 3782-822463-10005.', 'amex [REDACTED].'],
    ['card-number', 'card=5555555555554444;', 'card=[REDACTED];'],
  ])('%s: %s', (rule, input, expected) => {
    expect(run(input)).toEqual({ output: expected, rules: [rule] });
  });

  it('redacts the body of a private key block across lines and keeps the armour', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nq2x9\n-----END RSA PRIVATE KEY-----';
    expect(run(`loaded ${key} ok`)).toEqual({
      output: 'loaded -----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY----- ok',
      rules: ['private-key'],
    });
    expect(run('-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNz (truncated)').output).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]',
    );
  });

  it.each([
    'password_reset_count=3 token_count=12 max_tokens=256',
    'secret_name=db-credentials passwordless=true',
    'GET https://example.com:8443/path?q=1 user@example.com',
    'order 4111111111111112 and 1234-5678-9012-3456',
    'ts=1735689600123 ns=1735689600123456789',
    'id=550e8400-e29b-41d4-a716-446655440000 commit da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'payload eyJ0eXAiOiJKV1QifQ== is base64',
    'THE AKIAIOSFODNN7EXAMPLEX KEY and MYAKIAIOSFODNN7EXAMPLE',
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQY\n-----END PUBLIC KEY-----',
    'password: null, token: "", secret=***',
    'PWD=/home/app OLDPWD=/',
    'the bearer of bad news',
    'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  ])('leaves %j alone', (text) => {
    expect(run(text)).toEqual({ output: text, rules: [] });
  });

  it('counts each secret under the first rule that knows its format', () => {
    expect(run('token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig AKIAIOSFODNN7EXAMPLE password=x').rules).toEqual([
      'jwt',
      'aws-access-key',
      'key-value-secret',
    ]);
  });

  it.each([
    ['4111111111111111', true, true],
    ['4111111111111112', false, true],
    ['378282246310005', true, true],
    ['1735689600123', false, false],
    ['2223003122003222', true, true],
  ])('%s: Luhn %s, plausible %s', (digits, luhn, plausible) => {
    expect([luhnValid(digits), plausibleCardNumber(digits)]).toEqual([luhn, plausible]);
  });

  it.each([
    ['password', true],
    ['DB_PASSWORD', true],
    ['clientSecret', true],
    ['x-api-key', true],
    ['aws_secret_access_key', true],
    ['password_reset_count', false],
    ['token_count', false],
    ['isSecretly', false],
  ])('isSecretKey(%s) = %s', (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});
