import { z } from 'zod';
import { MINUTE_MS } from './minute-rate';

export const NEW_TEMPLATE_DETECTOR = 'log-new-template';

export interface NewTemplateConfig {
  /** Minutes (event time) after a workload's first record during which every template is learned silently. */
  readonly warmupMinutes: number;
  /** Template ids remembered per workload; the least recently seen is forgotten beyond it. */
  readonly maxTemplates: number;
  /** A new template is reported only when novelty was this unlikely (1 − Good-Turing probability of a new one). */
  readonly minScore: number;
  /** Reports per workload and minute; more new templates in that minute are learned without one (a deploy). */
  readonly maxEventsPerMinute: number;
}

export const DEFAULT_NEW_TEMPLATE_CONFIG: NewTemplateConfig = Object.freeze({
  warmupMinutes: 30,
  maxTemplates: 2000,
  minScore: 0.95,
  maxEventsPerMinute: 3,
});

/** Per-workload state as JSON: `known` is [template id, records] least recently seen first. */
export const NewTemplateStateJson = z.object({
  firstMinute: z.number(),
  total: z.number().nonnegative(),
  minute: z.number(),
  reported: z.number().int().nonnegative(),
  evicted: z.number().int().nonnegative(),
  known: z.array(z.tuple([z.string().min(1), z.number().int().positive()])),
});
export type NewTemplateStateJson = z.infer<typeof NewTemplateStateJson>;

export interface NewTemplateState {
  firstMinute: number;
  /** Records seen. */
  total: number;
  /** Known templates seen exactly once (Good-Turing's N1). */
  singletons: number;
  /** The minute `reported` counts for. */
  minute: number;
  reported: number;
  /** Templates forgotten by the `maxTemplates` bound. */
  evicted: number;
  /** Template id → records, least recently seen first (a Map keeps insertion order; a hit re-inserts). */
  readonly known: Map<string, number>;
}

export interface NewTemplateDetection {
  readonly templateId: string;
  readonly minute: number;
  /** 1 − N1/N: how unlikely a new template was given how often this workload produced one so far. */
  readonly score: number;
  /** Templates known before this one. */
  readonly knownTemplates: number;
}

/**
 * A template never seen before for a workload after its warm-up. Novelty is scored with the Good-Turing estimate: the
 * chance that the next record shows an unseen template is about N1/N (templates seen once over records seen), so a
 * workload that keeps printing one-off lines stays quiet while a steady one reports its first new line.
 */
export class NewTemplateDetector {
  readonly name = NEW_TEMPLATE_DETECTOR;
  readonly config: NewTemplateConfig;

  constructor(config: Partial<NewTemplateConfig> = {}) {
    this.config = { ...DEFAULT_NEW_TEMPLATE_CONFIG, ...config };
  }

  start(minute: number): NewTemplateState {
    return { firstMinute: minute, total: 0, singletons: 0, minute, reported: 0, evicted: 0, known: new Map() };
  }

  /** Learns one record's template; a detection when it is new, past warm-up, surprising and not over the cap. */
  observe(state: NewTemplateState, minute: number, templateId: string): NewTemplateDetection | undefined {
    const seen = state.known.get(templateId);
    state.total++;
    if (seen !== undefined) {
      if (seen === 1) state.singletons--;
      state.known.delete(templateId);
      state.known.set(templateId, seen + 1);
      return undefined;
    }
    const score = state.total > 1 ? 1 - state.singletons / (state.total - 1) : 0;
    const knownTemplates = state.known.size;
    this.remember(state, templateId);
    if (minute > state.minute) {
      state.minute = minute;
      state.reported = 0;
    }
    const warm = minute - state.firstMinute >= this.config.warmupMinutes * MINUTE_MS;
    if (!warm || score < this.config.minScore || state.reported >= this.config.maxEventsPerMinute) return undefined;
    state.reported++;
    return { templateId, minute, score, knownTemplates };
  }

  describe(detection: NewTemplateDetection): string {
    return `new log template for this workload (${detection.knownTemplates} known templates before it)`;
  }

  toJson(state: NewTemplateState): NewTemplateStateJson {
    const { firstMinute, total, minute, reported, evicted } = state;
    return { firstMinute, total, minute, reported, evicted, known: [...state.known] };
  }

  /** Rebuilds a state from `toJson` output (trimmed to `maxTemplates`); throws a ZodError on a malformed one. */
  fromJson(input: unknown): NewTemplateState {
    const json = NewTemplateStateJson.parse(input);
    const state: NewTemplateState = { ...json, singletons: 0, known: new Map() };
    for (const [id, count] of json.known) {
      state.known.set(id, count);
      if (count === 1) state.singletons++;
    }
    this.trim(state);
    return state;
  }

  /** Both replicas' knowledge of one workload: known templates unioned (counts: the larger), the earlier start. */
  merge(a: NewTemplateState, b: NewTemplateState): NewTemplateState {
    const merged: NewTemplateState = {
      firstMinute: Math.min(a.firstMinute, b.firstMinute),
      total: Math.max(a.total, b.total),
      singletons: 0,
      minute: Math.max(a.minute, b.minute),
      reported: a.minute >= b.minute ? a.reported : b.reported,
      evicted: Math.max(a.evicted, b.evicted),
      known: new Map(b.known),
    };
    for (const [id, count] of a.known) {
      const other = merged.known.get(id) ?? 0;
      merged.known.delete(id);
      merged.known.set(id, Math.max(count, other));
    }
    for (const count of merged.known.values()) if (count === 1) merged.singletons++;
    this.trim(merged);
    return merged;
  }

  private remember(state: NewTemplateState, templateId: string): void {
    state.known.set(templateId, 1);
    state.singletons++;
    this.trim(state);
  }

  private trim(state: NewTemplateState): void {
    for (const [id, count] of state.known) {
      if (state.known.size <= this.config.maxTemplates) return;
      state.known.delete(id);
      if (count === 1) state.singletons--;
      state.evicted++;
    }
  }
}
