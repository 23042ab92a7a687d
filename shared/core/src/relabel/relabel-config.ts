import { z } from 'zod';
import { compileAnchoredRegex } from './go-regexp';
import { isValidLabelName, isValidLabelNameTemplate } from './label-name';
import { compileTemplate, type TemplatePart } from './replacement-template';

export const RELABEL_ACTIONS = [
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
] as const;
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

const DEFAULT_SEPARATOR = ';';
const DEFAULT_REGEX = '(.*)';
const DEFAULT_REPLACEMENT = '$1';

/** A relabel rule ready to run: defaults applied, regex and templates compiled once. */
export interface RelabelConfig {
  action: RelabelAction;
  sourceLabels: readonly string[];
  separator: string;
  /** Fully anchored. Never global/sticky, so sharing it is safe. */
  regex: RegExp;
  modulus: bigint;
  targetLabel: string;
  targetTemplate: readonly TemplatePart[];
  replacementTemplate: readonly TemplatePart[];
}

const RawRelabelConfig = z
  .object({
    source_labels: z.array(z.string()).optional(),
    separator: z.string().optional(),
    regex: z.string().optional(),
    modulus: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    target_label: z.string().optional(),
    replacement: z.string().optional(),
    // Prometheus accepts any letter case (`Replace`, `LabelMap`).
    action: z
      .string()
      .transform((a) => a.toLowerCase())
      .pipe(z.enum(RELABEL_ACTIONS))
      .optional(),
  })
  .strict();
type RawRelabelConfig = z.infer<typeof RawRelabelConfig>;
type IssueKey = keyof RawRelabelConfig;

const DEFAULTS: Partial<Record<IssueKey, unknown>> = {
  separator: DEFAULT_SEPARATOR,
  regex: DEFAULT_REGEX,
  modulus: 0,
  target_label: '',
  replacement: DEFAULT_REPLACEMENT,
};

/** Prometheus compares with the defaults, so spelling a default out is not "setting" the key. */
function differsFromDefault(raw: RawRelabelConfig, key: IssueKey): boolean {
  return raw[key] !== undefined && raw[key] !== DEFAULTS[key];
}

/** Prometheus's own consistency rules for one rule; returns the offending key and why. */
function findInconsistency(raw: RawRelabelConfig, action: RelabelAction): [IssueKey, string] | undefined {
  const target = raw.target_label;
  const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action);
  if (action === 'hashmod' && !raw.modulus) return ['modulus', 'hashmod requires a non-zero modulus'];
  if (needsTarget && !target) return ['target_label', `${action} requires target_label`];
  if (target !== undefined && needsTarget) {
    const valid =
      action === 'replace' && target.includes('$') ? isValidLabelNameTemplate(target) : isValidLabelName(target);
    if (!valid) return ['target_label', `${JSON.stringify(target)} is not a valid label name for ${action}`];
  }
  const replacementSet = raw.replacement !== undefined && raw.replacement !== DEFAULT_REPLACEMENT;
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && replacementSet) {
    return ['replacement', `replacement cannot be set for ${action}`];
  }
  if (action === 'labelmap' && !isValidLabelNameTemplate(raw.replacement ?? DEFAULT_REPLACEMENT)) {
    return ['replacement', `${JSON.stringify(raw.replacement)} is not a valid label name for labelmap`];
  }
  if (action === 'keepequal' || action === 'dropequal') {
    for (const key of ['regex', 'modulus', 'separator'] as const) {
      if (differsFromDefault(raw, key)) return [key, `${action} takes only source_labels and target_label`];
    }
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    for (const key of ['source_labels', 'target_label', 'modulus', 'separator', 'replacement'] as const) {
      if (differsFromDefault(raw, key)) return [key, `${action} takes only regex`];
    }
  }
  return undefined;
}

/**
 * One entry of `relabel_configs` / `metric_relabel_configs`, with Prometheus's YAML keys, defaults and validation.
 * Parses into a compiled `RelabelConfig`; every problem is reported on the key at fault (e.g. `[2].regex`).
 */
export const RelabelConfigSchema = RawRelabelConfig.transform((raw, ctx): RelabelConfig => {
  const action = raw.action ?? 'replace';
  const fail = (key: IssueKey | [IssueKey, number], message: string): RelabelConfig => {
    ctx.addIssue({ code: 'custom', path: Array.isArray(key) ? key : [key], message });
    return z.NEVER;
  };
  const sourceLabels = raw.source_labels ?? [];
  const badSource = sourceLabels.findIndex((name) => !isValidLabelName(name));
  if (badSource !== -1) {
    return fail(['source_labels', badSource], `${JSON.stringify(sourceLabels[badSource])} is not a valid label name`);
  }
  const inconsistency = findInconsistency(raw, action);
  if (inconsistency) return fail(...inconsistency);
  let regex: RegExp;
  try {
    regex = compileAnchoredRegex(raw.regex ?? DEFAULT_REGEX);
  } catch (err) {
    return fail('regex', `invalid regular expression: ${(err as Error).message}`);
  }
  const targetLabel = raw.target_label ?? '';
  return {
    action,
    sourceLabels,
    separator: raw.separator ?? DEFAULT_SEPARATOR,
    regex,
    modulus: BigInt(raw.modulus ?? 0),
    targetLabel,
    targetTemplate: compileTemplate(targetLabel),
    replacementTemplate: compileTemplate(raw.replacement ?? DEFAULT_REPLACEMENT),
  };
});
export type RelabelConfigInput = z.input<typeof RelabelConfigSchema>;

/** Invalid relabel configuration; `key` is the path of the offending key, e.g. `metric_relabel_configs[1].regex`. */
export class RelabelConfigError extends Error {
  override name = 'RelabelConfigError';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${key}: ${reason}`);
  }
}

/** Validates and compiles a list of rules at config load, failing fast with the key at fault. */
export function parseRelabelConfigs(input: unknown, key = 'relabel_configs'): RelabelConfig[] {
  const result = z.array(RelabelConfigSchema).safeParse(input ?? []);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const path = [...(issue?.path ?? []), ...(issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
  const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  throw new RelabelConfigError(`${key}${where}`, issue?.message ?? 'invalid relabel configuration');
}
