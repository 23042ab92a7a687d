import { createHash } from 'node:crypto';
import { isValidLabelName } from './label-name';
import type { RelabelConfig } from './relabel-config';
import { expandTemplate } from './replacement-template';

type LabelMap = Map<string, string>;

/**
 * Applies relabel rules in order with Prometheus semantics. Returns the new label set, or null when a rule dropped it.
 * The input is not modified. Absent and empty labels are the same thing: setting a label to '' removes it.
 */
export function relabel(
  labels: Readonly<Record<string, string>>,
  configs: readonly RelabelConfig[],
): Record<string, string> | null {
  if (configs.length === 0) return { ...labels };
  const current: LabelMap = new Map(Object.entries(labels));
  for (const config of configs) {
    if (!applyRule(config, current)) return null;
  }
  // fromEntries defines own properties, so even a label named `__proto__` survives.
  return Object.fromEntries(current);
}

/** Prometheus's hashmod: md5 of the value, last 8 bytes as a big-endian uint64, modulo `modulus`. */
export function hashmod(value: string, modulus: bigint): bigint {
  return createHash('md5').update(value, 'utf8').digest().readBigUInt64BE(8) % modulus;
}

/** Removes labels starting with `__` (meta and temporary labels), as Prometheus does after target relabeling. */
export function dropInternalLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const kept: [string, string][] = [];
  for (const [name, value] of Object.entries(labels)) if (!name.startsWith('__')) kept.push([name, value]);
  return Object.fromEntries(kept);
}

function setOrDelete(labels: LabelMap, name: string, value: string): void {
  if (value === '') labels.delete(name);
  else labels.set(name, value);
}

function sourceValue(config: RelabelConfig, labels: LabelMap): string {
  const names = config.sourceLabels;
  if (names.length === 1) return labels.get(names[0]!) ?? '';
  return names.map((name) => labels.get(name) ?? '').join(config.separator);
}

/** Returns false when the rule drops the label set. */
function applyRule(config: RelabelConfig, labels: LabelMap): boolean {
  const value = sourceValue(config, labels);
  switch (config.action) {
    case 'drop':
      return !config.regex.test(value);
    case 'keep':
      return config.regex.test(value);
    case 'dropequal':
      return (labels.get(config.targetLabel) ?? '') !== value;
    case 'keepequal':
      return (labels.get(config.targetLabel) ?? '') === value;
    case 'replace': {
      const match = config.regex.exec(value);
      // No match: nothing happens. An expanded target that is not a valid name: nothing happens either.
      if (match === null) return true;
      const target = expandTemplate(config.targetTemplate, match);
      if (isValidLabelName(target)) setOrDelete(labels, target, expandTemplate(config.replacementTemplate, match));
      return true;
    }
    case 'lowercase':
      setOrDelete(labels, config.targetLabel, value.toLowerCase());
      return true;
    case 'uppercase':
      setOrDelete(labels, config.targetLabel, value.toUpperCase());
      return true;
    case 'hashmod':
      labels.set(config.targetLabel, hashmod(value, config.modulus).toString());
      return true;
    case 'labelmap':
      // Snapshot first: labels added by this rule must not be matched again.
      for (const [name, labelValue] of [...labels]) {
        const match = config.regex.exec(name);
        if (match === null) continue;
        const newName = expandTemplate(config.replacementTemplate, match);
        if (isValidLabelName(newName)) setOrDelete(labels, newName, labelValue);
      }
      return true;
    case 'labeldrop':
      for (const name of labels.keys()) if (config.regex.test(name)) labels.delete(name);
      return true;
    case 'labelkeep':
      for (const name of labels.keys()) if (!config.regex.test(name)) labels.delete(name);
      return true;
  }
}
