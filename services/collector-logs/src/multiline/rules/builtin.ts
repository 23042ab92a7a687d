import { goRule } from './go';
import { javaRule } from './java';
import { nodeRule } from './node';
import { pythonRule } from './python';
import type { MultilineRule } from './rule';

export const BUILTIN_MULTILINE_RULE_NAMES = ['java', 'python', 'go', 'node'] as const;
export type BuiltinMultilineRuleName = (typeof BUILTIN_MULTILINE_RULE_NAMES)[number];

export const BUILTIN_MULTILINE_RULES: Readonly<Record<BuiltinMultilineRuleName, MultilineRule>> = {
  java: javaRule,
  python: pythonRule,
  go: goRule,
  node: nodeRule,
};
