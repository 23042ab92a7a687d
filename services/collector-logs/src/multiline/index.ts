export * from './config';
export * from './merger';
export * from './rules/builtin';
export * from './rules/custom';
export { LAST as MULTILINE_LAST, REJECT as MULTILINE_REJECT, type MultilineRule } from './rules/rule';
