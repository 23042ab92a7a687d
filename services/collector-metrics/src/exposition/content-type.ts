import type { ExpositionFormat } from './types';

/**
 * Picks the parser from the response Content-Type: `application/openmetrics-text` (any version) is OpenMetrics,
 * everything else, including a missing header, is the Prometheus text format, as Prometheus does.
 */
export function detectExpositionFormat(contentType: string | undefined): ExpositionFormat {
  if (!contentType) return 'text';
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === 'application/openmetrics-text' ? 'openmetrics' : 'text';
}
