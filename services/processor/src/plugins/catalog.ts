import type { ProcessorDefinition } from '@daytwo/processor-api';
import { BUILTIN_PROCESSORS } from '../processors/registry';
import { loadPlugin, PluginLoadError, type LoadedPlugin, type PluginDirs } from './plugin-loader';

export interface CatalogEntry {
  definition: ProcessorDefinition;
  /** `built-in` or the plugin's config key and specifier. */
  origin: string;
}

/** Every processor type a pipeline can use: the built-ins plus the plugins' definitions. */
export interface ProcessorCatalog {
  readonly types: ReadonlyMap<string, CatalogEntry>;
  readonly plugins: readonly LoadedPlugin[];
}

export interface CatalogProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Loads the plugins and merges their definitions with the built-ins. Problems (a plugin that cannot be loaded, a
 * type defined twice) are returned, not thrown, so that config validation can report all of them at once.
 */
export function buildCatalog(
  specifiers: readonly string[],
  dirs: PluginDirs,
  builtins: readonly ProcessorDefinition[] = BUILTIN_PROCESSORS,
): { catalog: ProcessorCatalog; problems: CatalogProblem[] } {
  const types = new Map<string, CatalogEntry>();
  const plugins: LoadedPlugin[] = [];
  const problems: CatalogProblem[] = [];
  for (const definition of builtins) types.set(definition.type, { definition, origin: 'built-in' });
  specifiers.forEach((specifier, index) => {
    let plugin: LoadedPlugin;
    try {
      plugin = loadPlugin(specifier, index, dirs);
    } catch (err) {
      if (!(err instanceof PluginLoadError)) throw err;
      problems.push({ path: ['plugins', index], message: err.reason });
      return;
    }
    plugins.push(plugin);
    for (const definition of plugin.definitions) {
      const existing = types.get(definition.type);
      if (existing && existing.definition !== definition) {
        problems.push({
          path: ['plugins', index],
          message: `processor type "${definition.type}" is already defined (${existing.origin})`,
        });
        continue;
      }
      types.set(definition.type, { definition, origin: `${plugin.key} ${specifier}` });
    }
  });
  return { catalog: { types, plugins }, problems };
}
