export { BUILTIN_PROCESSORS } from './registry';
export { parseJson, ParseJsonConfig } from './parse-json/parse-json';
export { parseLogfmt, ParseLogfmtConfig } from './parse-logfmt/parse-logfmt';
export { normalize, NormalizeConfig } from './normalize/normalize';
export { normalizeLevel, levelFromMessage, LEVELS, type Level } from './normalize/level';
export { filter, FilterConfig } from './filter/filter';
export { relabel, RelabelProcessorConfig } from './relabel/relabel';
export { parseTimestamp, timestampFromMessage } from './shared/timestamp';
export { getField, setField, parseFieldPath, type FieldPath } from './shared/field-path';
