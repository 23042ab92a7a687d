import { regexRule } from './rule';

/** `scheme://user:password@host` → the password only; the user stays (it says whose credential leaked). */
export const urlPassword = regexRule({
  name: 'url-password',
  keywords: ['://'],
  pattern: /:\/\/[^\s:@/?#]*:([^\s@/?#]+)@/dg,
  secretGroup: 1,
});

/**
 * `Authorization: Bearer x` (and `Basic`, `Token`): the credential; any other scheme (Digest, AWS4-HMAC-SHA256) takes
 * the rest of the header value. Also as a JSON key or a Go header map (`Authorization:[Bearer x]`).
 */
export const authorizationHeader = regexRule({
  name: 'authorization-header',
  keywords: ['authorization'],
  pattern:
    /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?\s{0,10}[:=]\s{0,10}["'[]?(?:(?:bearer|basic|token)\s{1,10}([A-Za-z0-9._~+/=-]+)|((?!(?:bearer|basic|token)\s)[^\s"'\]][^\r\n"'\]]*))/dgi,
  secretGroup: [1, 2],
});

/** `Bearer <token>` outside an Authorization header; 16+ characters so that prose ("bearer of bad news") stays. */
export const bearerToken = regexRule({
  name: 'bearer-token',
  keywords: ['bearer'],
  pattern: /(?<![A-Za-z0-9_-])bearer\s{1,10}([A-Za-z0-9._~+/-]{16,}=*)/dgi,
  secretGroup: 1,
});

/**
 * The last word of a key that names a secret. A key is secret when it ENDS with one: `db_password`, `clientSecret`,
 * `X-Api-Key`, `access_token` are; `password_reset_count`, `token_count`, `max_tokens`, `secret_name`, `passwordless`
 * are not (they count or name things, see corpus/README.md).
 */
const SECRET_KEY_WORDS =
  'pass(?:word|wd|phrase)|pwd|secret(?:[_.-]?key(?:[_.-]?base)?)?|token|api[_.-]?key|apikey|access[_.-]?key|' +
  'private[_.-]?key|credentials?';

const SECRET_KEY_END = new RegExp(`(?:${SECRET_KEY_WORDS})$`, 'i');

/** Whether a field name (an attribute key) names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_END.test(key);
}

/** Values that say there is no secret. */
const NOT_A_SECRET = /^(?:null|nil|<nil>|none|undefined|true|false|\*+)$/i;

/** Whether the value of a secret key is worth redacting; `key` as written. */
export function isSecretValue(key: string, value: string): boolean {
  if (value === '' || NOT_A_SECRET.test(value)) return false;
  // PWD/OLDPWD in an environment dump are directories.
  return !(/pwd$/i.test(key) && value.startsWith('/'));
}

/**
 * `key=value`, `key: value`, `"key": "value"`, `key => 'value'` where the key names a secret (see SECRET_KEY_WORDS).
 * The key is a run of [A-Za-z0-9_.-] started after any other character (one start per run), and the lazy prefix
 * makes one pass over it; values are bounded.
 */
export const keyValueSecret = regexRule({
  name: 'key-value-secret',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
  pattern: new RegExp(
    `(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*?(?:${SECRET_KEY_WORDS}))(?![A-Za-z0-9_.-])["']?\\s{0,10}[:=]>?\\s{0,10}` +
      `(?:"((?:[^"\\\\\\r\\n]|\\\\.){1,4096})"|'([^'\\r\\n]{1,4096})'|([^\\s"',;&}\\])<>]{1,4096}))`,
    'dgi',
  ),
  secretGroup: [2, 3, 4],
  accept: (value, groups) => isSecretValue(groups[1] ?? '', value),
});
