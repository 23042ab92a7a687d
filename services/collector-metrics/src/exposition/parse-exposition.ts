import { detectExpositionFormat } from './content-type';
import { parseOpenMetrics } from './openmetrics-parser';
import { parseTextFormat } from './text-format-parser';
import type { ParsedExposition, ParseExpositionOptions } from './types';

/**
 * Parses a scraped body in the format named by its Content-Type (text format 0.0.4 unless it is
 * `application/openmetrics-text`). Throws `ExpositionError` (with line and reason) on any malformed line.
 */
export function parseExposition(
  body: string,
  contentType: string | undefined,
  options: ParseExpositionOptions = {},
): ParsedExposition {
  return detectExpositionFormat(contentType) === 'openmetrics'
    ? parseOpenMetrics(body, options)
    : parseTextFormat(body, options);
}
