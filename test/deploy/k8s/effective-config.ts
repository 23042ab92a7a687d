import { loadConfig } from '@daytwo/core';
import type { z } from 'zod';
import type { K8sObject, PodSpec } from './objects';
import { podSpec, secretExample, SECRET_NAME, type Workload } from './manifests';

/** What a container sees: its mounted files (ConfigMap keys, the example Secret's values) and its environment. */
export interface ContainerView {
  files: Map<string, string>;
  env: Record<string, string>;
  args: string[];
}

/** Downward-API values the API server would fill in. */
const FIELD_VALUES: Record<string, string> = { 'spec.nodeName': 'node-1', 'metadata.name': 'pod-1' };

export function containerView(objects: readonly K8sObject[], name: Workload): ContainerView {
  const spec: PodSpec = podSpec(objects, name);
  const container = spec.containers[0]!;
  const secrets = secretExample().values;
  const files = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = spec.volumes?.find((v) => v.name === mount.name);
    if (volume?.configMap) {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap!.name);
      for (const [key, text] of Object.entries((cm?.data as Record<string, string> | undefined) ?? {})) {
        files.set(`${mount.mountPath}/${key}`, text);
      }
    }
    if (volume?.secret?.secretName === SECRET_NAME) {
      for (const item of volume.secret.items ?? []) {
        if (secrets[item.key] !== undefined) files.set(`${mount.mountPath}/${item.path}`, secrets[item.key]!);
      }
    }
  }
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    const field = (e.valueFrom as { fieldRef?: { fieldPath: string } } | undefined)?.fieldRef?.fieldPath;
    env[e.name] = e.value ?? FIELD_VALUES[field ?? ''] ?? '';
  }
  return { files, env, args: [...((container.args as string[] | undefined) ?? [])] };
}

/** The configuration the service would start with, loaded by core's loadConfig exactly as runService loads it. */
export function effectiveConfig<S extends z.ZodType>(view: ContainerView, schema: S): z.output<S> {
  const i = view.args.indexOf('--config');
  const file = i < 0 ? undefined : view.args[i + 1];
  return loadConfig(schema, {
    file,
    env: view.env,
    readFile: (path) => {
      const text = view.files.get(path);
      if (text === undefined) throw Object.assign(new Error(`${path} is not mounted`), { code: 'ENOENT' });
      return text;
    },
  });
}
