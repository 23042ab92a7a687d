import type { LogRecord } from '@daytwo/core';
import { defineProcessor } from '@daytwo/processor-api';
import { z } from 'zod';
import { applyBodyParser, compileBodyConfig, structuredBodyOptions } from '../shared/structured-body';
import { parseLogfmtBody } from './logfmt';

export const ParseLogfmtConfig = z.object(structuredBodyOptions).strict();

export const parseLogfmt = defineProcessor({
  type: 'parse-logfmt',
  description:
    'Parses logfmt bodies (`key=value key2="quoted"`) into `attributes` (values stay strings, bare keys are true); ' +
    'optionally promotes message, level and time keys. Malformed logfmt is kept as is and flagged parse_failed.',
  kinds: ['log'],
  configSchema: ParseLogfmtConfig,
  create(config) {
    const compiled = compileBodyConfig(config);
    return {
      process: (batch: LogRecord[]) => batch.map((record) => applyBodyParser(record, compiled, parseLogfmtBody)),
    };
  },
});
