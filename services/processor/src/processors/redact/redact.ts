import type { LogRecord } from '@daytwo/core';
import { defineProcessor } from '@daytwo/processor-api';
import { RedactConfig } from './config';
import { redactions } from './metrics';
import { Redactor } from './redactor';
import { BUILTIN_RULES } from './rules/builtin';
import { customRule } from './rules/custom';

/** The rules a config asks for: the built-in ones not disabled, then the custom ones. */
export function redactorFor(config: RedactConfig): Redactor {
  const rules = [...BUILTIN_RULES.filter((r) => !config.disable.includes(r.name)), ...config.rules.map(customRule)];
  return new Redactor(rules, config.replacement);
}

export const redact = defineProcessor({
  type: 'redact',
  description:
    'Replaces secrets in log messages and attribute values: passwords in URLs, secret key=value pairs and JSON ' +
    'fields, Authorization headers, bearer tokens, JWTs, cloud and SaaS keys (AWS, GCP, GitHub, Slack, Stripe), ' +
    'private key blocks and Luhn-valid card numbers; rules can be disabled and added. Redacted records are tagged.',
  kinds: ['log'],
  configSchema: RedactConfig,
  create(config, ctx) {
    const redactor = redactorFor(config);
    const redactRecord = (record: LogRecord): LogRecord => {
      let hits = 0;
      const onRedaction = (rule: string) => {
        hits++;
        redactions.inc({ processor: ctx.name, rule });
      };
      const message = redactor.redactText(record.message, onRedaction);
      const attributes =
        config.attributes && record.attributes !== undefined
          ? (redactor.redactValue(record.attributes, onRedaction) as LogRecord['attributes'])
          : record.attributes;
      if (hits === 0) return record;
      const tags = record.tags?.includes(config.tag) ? record.tags : [...(record.tags ?? []), config.tag];
      return { ...record, message, ...(attributes !== undefined ? { attributes } : {}), tags };
    };
    return { process: (batch: LogRecord[]) => batch.map(redactRecord) };
  },
});
