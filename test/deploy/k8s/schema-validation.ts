import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { K8sObject } from './objects';

export interface SchemaResult {
  id: string;
  errors: string[];
}

/** Every object checked against the Kubernetes API schemas, offline (see validate-objects.mjs). */
export function validateAgainstSchemas(objects: readonly K8sObject[]): SchemaResult[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as SchemaResult[];
}
