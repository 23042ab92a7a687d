import { ExpositionError } from './exposition-error';
import {
  checkRequiredLabels,
  declareType,
  type FamilyState,
  matchSuffix,
  newFamily,
  OPENMETRICS_KNOWN_SUFFIXES,
} from './families';
import { readLabelSet } from './label-set';
import { LineCursor, SPACE } from './line-cursor';
import { parseFloatToken, parseOpenMetricsTimestamp } from './numbers';
import type { MetricFamilyMetadata, ParsedExposition, ParsedSample, ParseExpositionOptions } from './types';

const HASH = 0x23;
const OPEN_BRACE = 0x7b;
const MAX_EXEMPLAR_LABEL_CHARS = 128;

/** Parser for OpenMetrics 1.0 (strict: single spaces, no comments, no blank lines, `# EOF` last). */
export function parseOpenMetrics(body: string, options: ParseExpositionOptions = {}): ParsedExposition {
  return new OpenMetricsParser(body, options.defaultTimestampMs).parse();
}

class OpenMetricsParser {
  private readonly cursor: LineCursor;
  /** Every family so far: OpenMetrics families are contiguous, so meeting one again is an error. */
  private readonly families = new Map<string, FamilyState>();
  private readonly metadata: MetricFamilyMetadata[] = [];
  private readonly samples: ParsedSample[] = [];
  private current: FamilyState | undefined;

  constructor(
    body: string,
    private readonly defaultTimestampMs: number | undefined,
  ) {
    this.cursor = new LineCursor(body, 'openmetrics');
  }

  parse(): ParsedExposition {
    const cursor: LineCursor = this.cursor;
    while (cursor.nextLine()) {
      if (cursor.atEnd()) cursor.fail('empty line');
      if (cursor.peek() !== HASH) {
        this.parseSample();
      } else if (cursor.lineText() === '# EOF') {
        if (cursor.remainder() !== '') throw new ExpositionError('openmetrics', cursor.line + 1, 'content after # EOF');
        return { format: 'openmetrics', samples: this.samples, families: this.metadata };
      } else {
        this.parseDescriptor();
      }
      if (!cursor.lineHasNewline()) cursor.fail('line is not terminated by a line feed');
    }
    throw new ExpositionError('openmetrics', Math.max(cursor.line, 1), 'missing # EOF at the end of the exposition');
  }

  private startFamily(name: string): FamilyState {
    const family = newFamily(name);
    this.families.set(name, family);
    this.metadata.push(family.meta);
    this.current = family;
    return family;
  }

  /** `# TYPE name type`, `# HELP name text`, `# UNIT name unit`. */
  private parseDescriptor(): void {
    const cursor: LineCursor = this.cursor;
    cursor.pos++;
    cursor.expect(SPACE, 'a space after #');
    const keyword = cursor.readToken();
    if (keyword !== 'TYPE' && keyword !== 'HELP' && keyword !== 'UNIT') {
      cursor.fail(`unknown line # ${keyword} (OpenMetrics has no comments)`);
    }
    cursor.expect(SPACE, `a space after ${keyword}`);
    const family = this.descriptorFamily(cursor.readMetricName());
    const { meta } = family;
    if (keyword === 'TYPE') {
      cursor.expect(SPACE, 'a space before the type');
      const type = cursor.readToken();
      if (!cursor.atEnd()) cursor.fail(`unexpected text after the type of ${meta.name}`);
      if (family.typeDeclared) cursor.fail(`second TYPE line for ${meta.name}`);
      declareType(cursor, family, type);
    } else if (keyword === 'HELP') {
      if (meta.help !== undefined) cursor.fail(`second HELP line for ${meta.name}`);
      if (!cursor.atEnd()) cursor.expect(SPACE, 'a space before the help text');
      meta.help = cursor.readHelpText();
    } else {
      if (meta.unit !== undefined) cursor.fail(`second UNIT line for ${meta.name}`);
      if (!cursor.atEnd()) cursor.expect(SPACE, 'a space before the unit');
      const unit = cursor.atEnd() ? '' : cursor.readMetricName();
      if (!cursor.atEnd()) cursor.fail(`unexpected text after the unit of ${meta.name}`);
      if (unit !== '' && !meta.name.endsWith(`_${unit}`)) {
        cursor.fail(`unit ${unit} is not a suffix of the family name ${meta.name}`);
      }
      meta.unit = unit;
    }
  }

  private descriptorFamily(name: string): FamilyState {
    const current = this.current;
    if (current !== undefined && current.meta.name === name) {
      if (current.hasSamples) this.cursor.fail(`metadata for ${name} after its samples`);
      return current;
    }
    if (this.families.has(name)) this.cursor.fail(`family ${name} appears again after other families`);
    return this.startFamily(name);
  }

  private parseSample(): void {
    const cursor: LineCursor = this.cursor;
    const name = cursor.readMetricName();
    const [family, suffix] = this.resolveFamily(name);
    const labels = cursor.peek() === OPEN_BRACE ? readLabelSet(cursor) : {};
    cursor.expect(SPACE, `a space before the value of ${name}`);
    const valueToken = cursor.readToken();
    const value = parseFloatToken(valueToken);
    if (value === undefined) cursor.fail(`invalid sample value ${JSON.stringify(valueToken)}`);
    let timestampMs: number | undefined;
    if (!cursor.atEnd()) {
      cursor.expect(SPACE, 'a space after the value');
      if (cursor.peek() !== HASH) {
        timestampMs = this.readTimestamp();
        if (!cursor.atEnd()) cursor.expect(SPACE, 'a space after the timestamp');
      }
      if (!cursor.atEnd()) this.skipExemplar(family, suffix);
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

  private readTimestamp(): number {
    const token = this.cursor.readToken();
    const ms = parseOpenMetricsTimestamp(token);
    return ms ?? this.cursor.fail(`invalid timestamp ${JSON.stringify(token)}`);
  }

  /** A sample either continues the current family or starts a new, untyped one with exactly its name. */
  private resolveFamily(name: string): [FamilyState, string] {
    const current = this.current;
    if (current !== undefined) {
      const suffix = matchSuffix(current, name);
      if (suffix !== undefined) return [current, suffix];
      const base = current.meta.name;
      if (name === base || OPENMETRICS_KNOWN_SUFFIXES.some((s) => name === base + s)) {
        this.cursor.fail(`sample ${name} is not valid in ${current.meta.type} family ${base}`);
      }
    }
    if (this.families.has(name)) this.cursor.fail(`family ${name} appears again after other families`);
    for (const suffix of OPENMETRICS_KNOWN_SUFFIXES) {
      if (!name.endsWith(suffix)) continue;
      const earlier = this.families.get(name.slice(0, name.length - suffix.length));
      if (earlier !== undefined && matchSuffix(earlier, name) !== undefined) {
        this.cursor.fail(`family ${earlier.meta.name} appears again after other families`);
      }
    }
    return [this.startFamily(name), ''];
  }

  /** ` # {labels} value [timestamp]`: checked for syntax, then dropped. */
  private skipExemplar(family: FamilyState, suffix: string): void {
    const cursor: LineCursor = this.cursor;
    if (suffix !== '_bucket' && !(family.meta.type === 'counter' && suffix === '_total')) {
      cursor.fail('exemplars are only allowed on counter _total and histogram _bucket samples');
    }
    cursor.expect(HASH, '# before an exemplar');
    cursor.expect(SPACE, 'a space after #');
    const labels = readLabelSet(cursor);
    let chars = 0;
    for (const key in labels) chars += key.length + (labels[key] ?? '').length;
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) cursor.fail(`exemplar labels exceed ${MAX_EXEMPLAR_LABEL_CHARS} characters`);
    cursor.expect(SPACE, 'a space before the exemplar value');
    const valueToken = cursor.readToken();
    if (parseFloatToken(valueToken) === undefined) cursor.fail(`invalid exemplar value ${JSON.stringify(valueToken)}`);
    if (!cursor.atEnd()) {
      cursor.expect(SPACE, 'a space after the exemplar value');
      this.readTimestamp();
      if (!cursor.atEnd()) cursor.fail('unexpected text after the exemplar');
    }
  }
}
