import { regexRule } from './rule';

// Vendor token formats. Each pattern starts at its literal prefix behind a one-character lookbehind, so a long run of
// token characters is scanned from its start only.

/** Three base64url segments; the header is a JSON object, so it starts `eyJ` (`{"`). An empty signature is `alg: none`. */
export const jwt = regexRule({
  name: 'jwt',
  keywords: ['eyj'],
  pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
});

export const awsAccessKey = regexRule({
  name: 'aws-access-key',
  keywords: ['akia', 'asia'],
  pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
});

/** The 40-character secret next to its well-known name (alone it is indistinguishable from any base64). */
export const awsSecretKey = regexRule({
  name: 'aws-secret-key',
  keywords: ['secret'],
  pattern:
    /(?<![A-Za-z0-9])aws_?secret_?access_?key["']?\s{0,10}[:=]>?\s{0,10}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  secretGroup: 1,
});

export const gcpApiKey = regexRule({
  name: 'gcp-api-key',
  keywords: ['aiza'],
  pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
});

/** Personal (ghp_), OAuth (gho_), user-to-server (ghu_), server (ghs_), refresh (ghr_) and fine-grained tokens. */
export const githubToken = regexRule({
  name: 'github-token',
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
});

export const slackToken = regexRule({
  name: 'slack-token',
  keywords: ['xox'],
  pattern: /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,255}/g,
});

/** Live secret and restricted keys (test-mode keys reach no real money and are left alone). */
export const stripeKey = regexRule({
  name: 'stripe-key',
  keywords: ['_live_'],
  pattern: /(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{16,255}/g,
});
