import type { LogRecord } from '@daytwo/core';
import { defineProcessor } from '@daytwo/processor-api';
import { z } from 'zod';
import { applyBodyParser, compileBodyConfig, structuredBodyOptions, type BodyParse } from '../shared/structured-body';

export const ParseJsonConfig = z.object(structuredBodyOptions).strict();

/** A body is JSON when it is an object; other text (including JSON arrays or scalars) is unstructured. */
export function parseJsonBody(text: string): BodyParse {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return { kind: 'unstructured' };
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'failed' };
    return { kind: 'parsed', fields: value as Record<string, unknown> };
  } catch {
    return { kind: 'failed' };
  }
}

export const parseJson = defineProcessor({
  type: 'parse-json',
  description:
    'Parses JSON object bodies into `attributes` (bounded depth and field count); optionally promotes message, ' +
    'level and time keys. A body that looks like JSON but does not parse is kept as is and flagged parse_failed.',
  kinds: ['log'],
  configSchema: ParseJsonConfig,
  create(config) {
    const compiled = compileBodyConfig(config);
    return {
      process: (batch: LogRecord[]) => batch.map((record) => applyBodyParser(record, compiled, parseJsonBody)),
    };
  },
});
