import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LabelSet } from './source-config';
import type { TargetGroup } from './target-group';

/** A file_sd file that cannot be used; its previous targets are kept. */
export class FileSdError extends Error {
  override name = 'FileSdError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const FileSdGroups = z.array(
  z
    .object({
      targets: z.array(z.string().min(1)),
      labels: LabelSet.nullish(),
    })
    .strict(),
);

function decode(path: string, text: string): unknown {
  try {
    return path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'syntax error';
    throw new FileSdError(path, `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}`);
  }
}

/**
 * Parses a Prometheus file_sd file: a list of `{targets: [host:port...], labels: {...}}`, in JSON (`.json`) or YAML
 * (`.yml`, `.yaml`). Each target gets `__meta_filepath`. An empty YAML document is an empty list.
 */
export function parseFileSd(path: string, text: string): TargetGroup[] {
  const doc = decode(path, text);
  const result = FileSdGroups.safeParse(doc ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new FileSdError(path, `${where || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data.map((group, index) => ({
    source: `${path}:${index}`,
    targets: group.targets.map((address) => ({ __address__: address })),
    labels: { ...group.labels, __meta_filepath: path },
  }));
}
