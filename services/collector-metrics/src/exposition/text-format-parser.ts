import { checkRequiredLabels, declareType, type FamilyState, matchSuffix, newFamily } from './families';
import { readLabelSet } from './label-set';
import { LineCursor } from './line-cursor';
import { parseFloatToken, parseTextTimestamp } from './numbers';
import type { MetricFamilyMetadata, ParsedExposition, ParsedSample, ParseExpositionOptions } from './types';

const HASH = 0x23;
const OPEN_BRACE = 0x7b;
const SUFFIXES_OF_TYPED_FAMILIES = ['_bucket', '_sum', '_count'];

/** Parser for the Prometheus text format 0.0.4. */
export function parseTextFormat(body: string, options: ParseExpositionOptions = {}): ParsedExposition {
  return new TextFormatParser(body, options.defaultTimestampMs).parse();
}

class TextFormatParser {
  private readonly cursor: LineCursor;
  private readonly families = new Map<string, FamilyState>();
  private readonly metadata: MetricFamilyMetadata[] = [];
  private readonly samples: ParsedSample[] = [];
  /** Family of the previous TYPE line or sample: families are normally contiguous, so this is the fast path. */
  private current: FamilyState | undefined;

  constructor(
    body: string,
    private readonly defaultTimestampMs: number | undefined,
  ) {
    this.cursor = new LineCursor(body, 'text');
  }

  parse(): ParsedExposition {
    const cursor: LineCursor = this.cursor;
    while (cursor.nextLine()) {
      cursor.skipBlanks();
      if (cursor.atEnd()) continue;
      if (cursor.peek() === HASH) this.parseComment();
      else this.parseSample();
    }
    return { format: 'text', samples: this.samples, families: this.metadata };
  }

  private familyNamed(name: string): FamilyState {
    let family = this.families.get(name);
    if (family === undefined) {
      family = newFamily(name);
      this.families.set(name, family);
      this.metadata.push(family.meta);
    }
    return family;
  }

  /** `# HELP name text`, `# TYPE name type`; any other comment is ignored. */
  private parseComment(): void {
    const cursor: LineCursor = this.cursor;
    cursor.pos++;
    if (cursor.skipBlanks() === 0) return;
    const keyword = cursor.readToken();
    if (keyword !== 'HELP' && keyword !== 'TYPE') return;
    if (cursor.skipBlanks() === 0) cursor.fail(`${keyword} line without a metric name`);
    const family = this.familyNamed(cursor.readMetricName());
    const name = family.meta.name;
    if (!cursor.atEnd() && cursor.skipBlanks() === 0) cursor.fail(`expected a blank after ${name}`);
    if (keyword === 'HELP') {
      if (family.meta.help !== undefined) cursor.fail(`second HELP line for ${name}`);
      family.meta.help = cursor.readHelpText();
      return;
    }
    const type = cursor.readToken();
    cursor.skipBlanks();
    if (!cursor.atEnd()) cursor.fail(`unexpected text after the type of ${name}`);
    if (family.typeDeclared) cursor.fail(`second TYPE line for ${name}`);
    if (family.hasSamples) cursor.fail(`TYPE line for ${name} after its samples`);
    declareType(cursor, family, type);
    this.current = family;
  }

  private parseSample(): void {
    const cursor: LineCursor = this.cursor;
    const name = cursor.readMetricName();
    const [family, suffix] = this.resolveFamily(name);
    const blanks = cursor.skipBlanks();
    let labels: Record<string, string>;
    if (cursor.peek() === OPEN_BRACE) {
      labels = readLabelSet(cursor);
      cursor.skipBlanks();
    } else {
      if (blanks === 0 && !cursor.atEnd()) {
        cursor.fail(`unexpected ${JSON.stringify(cursor.lineText()[0])} after metric name ${name}`);
      }
      labels = {};
    }
    if (cursor.atEnd()) cursor.fail(`sample ${name} has no value`);
    const valueToken = cursor.readToken();
    const value = parseFloatToken(valueToken);
    if (value === undefined) cursor.fail(`invalid sample value ${JSON.stringify(valueToken)}`);
    cursor.skipBlanks();
    let timestampMs: number | undefined;
    if (!cursor.atEnd()) {
      const timestampToken = cursor.readToken();
      timestampMs = parseTextTimestamp(timestampToken);
      if (timestampMs === undefined) cursor.fail(`invalid timestamp ${JSON.stringify(timestampToken)}`);
      cursor.skipBlanks();
      if (!cursor.atEnd()) cursor.fail(`unexpected text after the timestamp of ${name}`);
    }
    checkRequiredLabels(cursor, family, suffix, labels);
    family.hasSamples = true;
    this.samples.push({
      name,
      family: family.meta.name,
      labels,
      value,
      timestampMs: timestampMs ?? this.defaultTimestampMs,
      hasExplicitTimestamp: timestampMs !== undefined,
      type: family.meta.type,
    });
  }

  /** Finds the family of a sample name; a name of no declared family is its own untyped family. */
  private resolveFamily(name: string): [FamilyState, string] {
    if (this.current !== undefined) {
      const suffix = matchSuffix(this.current, name);
      if (suffix !== undefined) return [this.current, suffix];
    }
    const exact = this.families.get(name);
    if (exact !== undefined) {
      if (matchSuffix(exact, name) === undefined) {
        this.cursor.fail(`sample ${name} is not valid in ${exact.meta.type} family ${name}`);
      }
      this.current = exact;
      return [exact, ''];
    }
    for (const suffix of SUFFIXES_OF_TYPED_FAMILIES) {
      if (!name.endsWith(suffix)) continue;
      const base = this.families.get(name.slice(0, name.length - suffix.length));
      if (base !== undefined && matchSuffix(base, name) !== undefined) {
        this.current = base;
        return [base, suffix];
      }
    }
    this.current = this.familyNamed(name);
    return [this.current, ''];
  }
}
