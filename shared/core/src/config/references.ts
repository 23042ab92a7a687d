import { readFileSync } from 'node:fs';
import type { ConfigProblem } from './config-error';
import { formatPath } from './config-error';

/**
 * Secret references in string values, resolved at load time so secrets never sit in the YAML file:
 *   ${env:KAFKA_PASSWORD}        the environment variable's value (unset → ConfigError; empty is allowed)
 *   ${file:/run/secrets/es-pw}   the file's content, without one trailing newline (Kubernetes secret volumes)
 * References may be embedded (`https://user:${env:PW}@host`). `$${...}` is a literal `${...}`.
 */
export interface ReferenceResult {
  value: unknown;
  /** Paths (dotted) whose value came from a reference: treated as secrets by redactConfig. */
  secretPaths: Set<string>;
  problems: ConfigProblem[];
}

export interface ReferenceSources {
  env: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
}

const REFERENCE = /(\$?)\$\{(env|file):([^}]*)\}/g;

export function resolveReferences(value: unknown, sources: ReferenceSources): ReferenceResult {
  const secretPaths = new Set<string>();
  const problems: ConfigProblem[] = [];
  const readFile = sources.readFile ?? ((p: string) => readFileSync(p, 'utf8'));

  const resolveString = (text: string, path: PropertyKey[]): string => {
    let usedReference = false;
    const out = text.replace(REFERENCE, (whole, escape: string, scheme: string, target: string) => {
      if (escape === '$') return whole.slice(1);
      usedReference = true;
      const where = formatPath(path);
      if (target === '') {
        problems.push({ path: where, message: `${where}: empty reference \${${scheme}:}` });
        return '';
      }
      if (scheme === 'env') {
        const v = sources.env[target];
        if (v === undefined)
          problems.push({ path: where, message: `${where}: environment variable ${target} is not set` });
        return v ?? '';
      }
      try {
        return readFile(target).replace(/\r?\n$/, '');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        problems.push({ path: where, message: `${where}: secret file ${target} cannot be read (${code})` });
        return '';
      }
    });
    if (usedReference) secretPaths.add(formatPath(path));
    return out;
  };

  const walk = (node: unknown, path: PropertyKey[]): unknown => {
    if (typeof node === 'string') return resolveString(node, path);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return node;
  };

  return { value: walk(value, []), secretPaths, problems };
}
