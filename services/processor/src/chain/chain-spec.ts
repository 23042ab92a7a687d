import { checkProcessorConfig, type PipelineKind, type ProcessorDefinition } from '@daytwo/processor-api';
import type { CatalogProblem, ProcessorCatalog } from '../plugins/catalog';

/** One entry of `pipelines.<name>.processors`: the type, an optional instance name, the processor's own keys. */
export interface ProcessorEntry {
  type: string;
  name?: string | undefined;
  [key: string]: unknown;
}

/** A processor instance ready to be created. */
export interface ChainStepSpec {
  /** Instance name: `name`, else the type. Unique within a pipeline; labels metrics, dead letters and state keys. */
  name: string;
  type: string;
  definition: ProcessorDefinition;
  /** Validated by the processor's own schema (defaults applied). */
  config: unknown;
  /** Config key of the entry, `pipelines.logs.processors[2]`. */
  key: string;
}

/**
 * Resolves a pipeline's processor entries against the catalog and validates each one's config with its own schema.
 * Problems carry full config paths (`pipelines.logs.processors[2].fields`).
 */
export function resolveChain(
  entries: readonly ProcessorEntry[],
  kind: PipelineKind,
  basePath: readonly (string | number)[],
  catalog: ProcessorCatalog,
): { steps: ChainStepSpec[]; problems: CatalogProblem[] } {
  const steps: ChainStepSpec[] = [];
  const problems: CatalogProblem[] = [];
  const names = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = [...basePath, index];
    const key = `${basePath.join('.')}[${index}]`;
    const { type, name: givenName, ...config } = entry;
    const found = catalog.types.get(type);
    if (!found) {
      const known = [...catalog.types.keys()].sort().join(', ');
      problems.push({ path: [...path, 'type'], message: `unknown processor type "${type}" (known: ${known})` });
      return;
    }
    const { definition } = found;
    if (!(definition.kinds as readonly string[]).includes(kind)) {
      problems.push({
        path: [...path, 'type'],
        message: `processor type "${type}" does not run in ${kind} pipelines (only ${definition.kinds.join(', ')})`,
      });
      return;
    }
    const name = givenName ?? type;
    const previous = names.get(name);
    if (previous !== undefined) {
      problems.push({
        path: [...path, givenName === undefined ? 'type' : 'name'],
        message: `processor name "${name}" is already used by processors[${previous}]; give each one its own \`name\``,
      });
      return;
    }
    names.set(name, index);
    const checked = checkProcessorConfig(definition, config);
    if (!checked.ok) {
      for (const issue of checked.issues) problems.push({ path: [...path, ...issue.path], message: issue.message });
      return;
    }
    steps.push({ name, type, definition, config: checked.config, key });
  });
  return { steps, problems };
}
