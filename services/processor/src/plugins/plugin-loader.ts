import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processorDefinitionProblems, type ProcessorDefinition } from '@daytwo/processor-api';

/** Where plugin specifiers are resolved from. */
export interface PluginDirs {
  /** Directory of the config file: relative paths are resolved against it. */
  configDir: string;
  /** Working directory: package names are resolved from it, as `require` would from there. */
  cwd: string;
}

export interface LoadedPlugin {
  /** Config key of the specifier, `plugins[1]`. */
  key: string;
  specifier: string;
  /** The file that was loaded. */
  file: string;
  definitions: ProcessorDefinition[];
}

/** A plugin cannot be used; the message names the config key and says what to fix. */
export class PluginLoadError extends Error {
  override name = 'PluginLoadError';
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${reason}`, options);
  }
}

/** `./x`, `../x`, `/abs/x` and `file:` URLs are paths; anything else is a package name (`pkg`, `@scope/pkg/sub`). */
export function isPathSpecifier(specifier: string): boolean {
  return (
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('file:') ||
    isAbsolute(specifier)
  );
}

export function resolvePluginSpecifier(specifier: string, dirs: PluginDirs): string {
  if (specifier.startsWith('file:')) return require.resolve(fileURLToPath(specifier));
  if (isPathSpecifier(specifier)) return require.resolve(resolve(dirs.configDir, specifier));
  return require.resolve(specifier, { paths: [dirs.cwd] });
}

const EXPORT_NAMES = ['default', 'processor', 'processors'] as const;

/**
 * The definitions a module exports: its default export, a named `processor`, and/or a named `processors` array; or,
 * for a CommonJS module assigning one definition to `module.exports`, the module itself.
 */
function definitionsOf(mod: unknown, key: string): ProcessorDefinition[] {
  const exports = (typeof mod === 'object' || typeof mod === 'function') && mod !== null ? mod : {};
  const found: ProcessorDefinition[] = [];
  const problems: string[] = [];
  const check = (value: unknown, where: string): void => {
    const issues = processorDefinitionProblems(value);
    if (issues.length === 0) found.push(value as ProcessorDefinition);
    else problems.push(`${where} is not a ProcessorDefinition: ${issues.join('; ')}`);
  };
  for (const name of EXPORT_NAMES) {
    const value = (exports as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (name === 'processors') {
      if (!Array.isArray(value)) problems.push('export `processors` must be an array of ProcessorDefinitions');
      else value.forEach((v, i) => check(v, `export processors[${i}]`));
    } else {
      check(value, `export \`${name}\``);
    }
  }
  if (found.length === 0 && problems.length === 0 && processorDefinitionProblems(mod).length === 0) {
    found.push(mod as ProcessorDefinition);
  }
  if (problems.length > 0) throw new PluginLoadError(key, problems.join('; '));
  if (found.length === 0) {
    throw new PluginLoadError(
      key,
      'the module exports no processor: export a ProcessorDefinition (defineProcessor) as default, ' +
        'as `processor`, or an array of them as `processors`',
    );
  }
  return [...new Set(found)];
}

/** Resolves and loads one plugin module (CommonJS, or ESM through require) and validates its definitions. */
export function loadPlugin(specifier: string, index: number, dirs: PluginDirs): LoadedPlugin {
  const key = `plugins[${index}]`;
  let file: string;
  try {
    file = resolvePluginSpecifier(specifier, dirs);
  } catch (err) {
    const from = isPathSpecifier(specifier) ? `relative to ${dirs.configDir}` : `as a package from ${dirs.cwd}`;
    throw new PluginLoadError(key, `cannot find module "${specifier}" ${from}`, { cause: err });
  }
  let mod: unknown;
  try {
    // Loading user code named in config is the point here; `require` also loads ESM modules (Node >= 22.12).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file) as unknown;
  } catch (err) {
    throw new PluginLoadError(key, `loading ${file} failed: ${(err as Error).message}`, { cause: err });
  }
  return { key, specifier, file, definitions: definitionsOf(mod, key) };
}
