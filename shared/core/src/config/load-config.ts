import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { applyEnvOverrides } from './env-overrides';
import { issuesToProblems } from './format-issues';
import { rememberSecretPaths } from './redact';
import { resolveReferences } from './references';

export const DEFAULT_ENV_PREFIX = 'DAYTWO_';

export interface LoadConfigOptions {
  /** YAML file; without one the config comes from defaults and environment overrides only. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides are `${envPrefix}_KEY__SUBKEY` (see env-overrides.ts). Default `DAYTWO_`. */
  envPrefix?: string;
  readFile?: (path: string) => string;
}

/**
 * Loads a service's configuration: YAML file → environment overrides → `${env:}`/`${file:}` secret references →
 * schema validation. Throws ConfigError naming every offending key; never returns a partially valid config.
 */
export function loadConfig<S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): z.output<S> {
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const source = options.file;

  const fromFile = source === undefined ? {} : readYamlMapping(source, readFile);
  const overridden = applyEnvOverrides(fromFile, env, options.envPrefix ?? DEFAULT_ENV_PREFIX, schema);
  const resolved = resolveReferences(overridden.config, { env, readFile });
  const early = [...overridden.problems, ...resolved.problems];
  if (early.length > 0) throw new ConfigError(early, source);

  const result = schema.safeParse(resolved.value);
  if (!result.success) throw new ConfigError(issuesToProblems(result.error.issues, schema, overridden.origins), source);
  const config = result.data;
  rememberSecretPaths(config, resolved.secretPaths);
  return config;
}

function readYamlMapping(file: string, readFile: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError([{ path: '', message: `config file ${file} cannot be read (${code})` }]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    // Only the first line: the rest is an excerpt of the file, which may hold a secret someone pasted inline.
    const reason = (err as Error).message.split('\n')[0] ?? 'parse error';
    throw new ConfigError([{ path: '', message: `config file is not valid YAML: ${reason}` }], file);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError([{ path: '', message: 'config file must contain a mapping at the top level' }], file);
  }
  return doc as Record<string, unknown>;
}

/**
 * Where the config file is: `--config <path>` or `--config=<path>` on the command line, else `DAYTWO_CONFIG`.
 * Undefined when neither is given.
 */
export function findConfigFile(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError([{ path: '', message: '--config needs a file path' }]);
      }
      return next;
    }
    if (arg?.startsWith('--config=')) return arg.slice('--config='.length);
  }
  const fromEnv = env['DAYTWO_CONFIG'];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}
