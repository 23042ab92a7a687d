import type { MetricType } from '@daytwo/core';
import type { LineCursor } from './line-cursor';
import { parseFloatToken } from './numbers';
import type { ExpositionFormat, MetricFamilyMetadata } from './types';

/** `# TYPE` keywords of each format and the MetricType they map to. */
const DECLARABLE_TYPES: Record<ExpositionFormat, ReadonlyMap<string, MetricType>> = {
  text: new Map<string, MetricType>([
    ['counter', 'counter'],
    ['gauge', 'gauge'],
    ['histogram', 'histogram'],
    ['summary', 'summary'],
    ['untyped', 'untyped'],
  ]),
  openmetrics: new Map<string, MetricType>([
    ['counter', 'counter'],
    ['gauge', 'gauge'],
    ['histogram', 'histogram'],
    ['gaugehistogram', 'gaugehistogram'],
    ['summary', 'summary'],
    ['info', 'info'],
    ['stateset', 'stateset'],
    ['unknown', 'untyped'],
  ]),
};

/** Sample name = family name + one of these (`''` = the bare family name). */
const TEXT_SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};
export const OPENMETRICS_SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
};
const BARE: readonly string[] = [''];

/** Every suffix OpenMetrics gives meaning to, to recognise a sample of an earlier (closed) family. */
export const OPENMETRICS_KNOWN_SUFFIXES: readonly string[] = [
  '_total',
  '_created',
  '_bucket',
  '_count',
  '_sum',
  '_gcount',
  '_gsum',
  '_info',
];

export interface FamilyState {
  meta: MetricFamilyMetadata;
  suffixes: readonly string[];
  typeDeclared: boolean;
  hasSamples: boolean;
}

export function newFamily(name: string): FamilyState {
  return { meta: { name, type: 'untyped' }, suffixes: BARE, typeDeclared: false, hasSamples: false };
}

export function declareType(cursor: LineCursor, family: FamilyState, keyword: string): void {
  const type = DECLARABLE_TYPES[cursor.format].get(keyword);
  if (type === undefined) cursor.fail(`unknown metric type ${JSON.stringify(keyword)} for ${family.meta.name}`);
  family.meta.type = type;
  family.suffixes = (cursor.format === 'text' ? TEXT_SUFFIXES : OPENMETRICS_SUFFIXES)[type] ?? BARE;
  family.typeDeclared = true;
}

/** The suffix that makes `sample` a sample of `family`, or undefined when it is not one. */
export function matchSuffix(family: FamilyState, sample: string): string | undefined {
  const base = family.meta.name;
  for (const suffix of family.suffixes) {
    if (sample.length === base.length + suffix.length && sample.startsWith(base) && sample.endsWith(suffix)) {
      return suffix;
    }
  }
  return undefined;
}

/** Labels that the sample's role in its family requires: `le` on buckets, `quantile` on summary quantiles... */
export function checkRequiredLabels(
  cursor: LineCursor,
  family: FamilyState,
  suffix: string,
  labels: Record<string, string>,
): void {
  const type = family.meta.type;
  if (suffix === '_bucket') requireFloatLabel(cursor, labels, 'le');
  else if (type === 'summary' && suffix === '') requireFloatLabel(cursor, labels, 'quantile');
  else if (type === 'stateset' && !Object.hasOwn(labels, family.meta.name)) {
    cursor.fail(`stateset sample has no label named after its family ${family.meta.name}`);
  }
}

function requireFloatLabel(cursor: LineCursor, labels: Record<string, string>, name: string): void {
  const value = Object.hasOwn(labels, name) ? labels[name] : undefined;
  if (value === undefined) cursor.fail(`sample has no ${name} label`);
  if (parseFloatToken(value) === undefined) cursor.fail(`${name} label value ${JSON.stringify(value)} is not a number`);
}
