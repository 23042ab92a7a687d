import { cardNumber } from './card-number';
import { authorizationHeader, bearerToken, keyValueSecret, urlPassword } from './credentials';
import { privateKey } from './private-key';
import type { RedactionRule } from './rule';
import { awsAccessKey, awsSecretKey, gcpApiKey, githubToken, jwt, slackToken, stripeKey } from './tokens';

/**
 * The built-in rules in the order they run: whole blocks first, then rules that know the secret's format (so it is
 * counted under its own name), then the generic key=value rule, which leaves values already redacted alone.
 */
export const BUILTIN_RULES: readonly RedactionRule[] = [
  privateKey,
  urlPassword,
  authorizationHeader,
  bearerToken,
  jwt,
  awsAccessKey,
  awsSecretKey,
  gcpApiKey,
  githubToken,
  slackToken,
  stripeKey,
  keyValueSecret,
  cardNumber,
];

export const BUILTIN_RULE_NAMES = BUILTIN_RULES.map((r) => r.name) as [string, ...string[]];
