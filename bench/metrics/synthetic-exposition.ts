const FAMILIES = 10;

interface Family {
  name: string;
  header: string;
  counter: boolean;
  /** `name{series="i"} ` for each series of the family, with its series number. */
  lines: { prefix: string; series: number }[];
}

/** Every synthetic metric name starts with this (the bench counts stored samples by it). */
export const SYNTHETIC_NAME_PREFIX = 'bench_synthetic_';

/**
 * The Prometheus text exposition of one synthetic target: `series` series in ten families (counters and gauges),
 * label `series="<i>"`. Values change with every scrape, so every sample is a new one.
 */
export class SyntheticExposition {
  private readonly families: Family[] = [];
  private scrapes = 0;

  constructor(series: number) {
    for (let f = 0; f < FAMILIES; f++) {
      const counter = f % 2 === 0;
      const name = counter ? `${SYNTHETIC_NAME_PREFIX}counter_${f}_total` : `${SYNTHETIC_NAME_PREFIX}gauge_${f}`;
      const type = counter ? 'counter' : 'gauge';
      this.families.push({
        name,
        header: `# HELP ${name} Synthetic ${type}.\n# TYPE ${name} ${type}\n`,
        counter,
        lines: [],
      });
    }
    for (let i = 0; i < series; i++) {
      const family = this.families[i % FAMILIES]!;
      family.lines.push({ prefix: `${family.name}{series="${i}"} `, series: i });
    }
  }

  render(): string {
    const n = ++this.scrapes;
    const parts: string[] = [];
    for (const family of this.families) {
      if (family.lines.length === 0) continue;
      parts.push(family.header);
      for (const { prefix, series } of family.lines) {
        const value = family.counter ? n * ((series % 7) + 1) : ((n * 31 + series) % 1000) / 10;
        parts.push(`${prefix}${value}\n`);
      }
    }
    return parts.join('');
  }
}
