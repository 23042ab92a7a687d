import { compileGlob, matchesAny } from './glob';

/** Globs per level of the pod log layout. An empty list means "no constraint" for include and "nothing" for exclude. */
export interface NameGlobs {
  namespaces: readonly string[];
  pods: readonly string[];
  containers: readonly string[];
}

interface CompiledGlobs {
  namespaces: RegExp[];
  pods: RegExp[];
  containers: RegExp[];
}

function compileAll(globs: NameGlobs): CompiledGlobs {
  return {
    namespaces: globs.namespaces.map(compileGlob),
    pods: globs.pods.map(compileGlob),
    containers: globs.containers.map(compileGlob),
  };
}

function included(globs: RegExp[], name: string): boolean {
  return globs.length === 0 || matchesAny(globs, name);
}

/**
 * Decides which pods and containers are collected: a name must match the include globs of its level (when there are
 * any) and none of the exclude globs. Pods are decided once per pod directory, containers once per container directory.
 */
export class NameFilter {
  private readonly include: CompiledGlobs;
  private readonly exclude: CompiledGlobs;

  constructor(include: NameGlobs, exclude: NameGlobs) {
    this.include = compileAll(include);
    this.exclude = compileAll(exclude);
  }

  acceptsPod(namespace: string, pod: string): boolean {
    return (
      included(this.include.namespaces, namespace) &&
      included(this.include.pods, pod) &&
      !matchesAny(this.exclude.namespaces, namespace) &&
      !matchesAny(this.exclude.pods, pod)
    );
  }

  acceptsContainer(container: string): boolean {
    return included(this.include.containers, container) && !matchesAny(this.exclude.containers, container);
  }
}

export const NO_GLOBS: NameGlobs = { namespaces: [], pods: [], containers: [] };
