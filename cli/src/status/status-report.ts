import type { Stage } from '../config';
import type { GroupTopicLag } from './consumer-lag';
import type { ServiceScrape } from './scrape';
import { stageFigures, type StageFigures } from './stage-figures';

/** One look at the pipeline: what `scrapeServices` and the Kafka admin said at `at`. */
export interface StatusSnapshot {
  at: number;
  scrapes: ServiceScrape[];
  lag: GroupTopicLag[];
  deadLetterTopic: { topic: string; entries: number | undefined };
}

export interface Figure {
  total: number;
  /** Over the interval since the previous snapshot; absent without one, or after a counter reset (a restart). */
  perSecond?: number;
}

export interface StageStatus {
  stage: string;
  service: Stage;
  up: boolean;
  in?: Figure;
  out?: Figure;
  deadLetters?: Record<string, number>;
  deadLettersTotal?: number;
  errors?: Record<string, number>;
  notes?: Record<string, number>;
}

export interface StatusReport {
  time: string;
  intervalSeconds?: number;
  services: Array<{ service: Stage; url: string; up: boolean; error?: string }>;
  stages: StageStatus[];
  consumerLag: GroupTopicLag[];
  deadLetterTopic: { topic: string; entries: number | null };
}

function figure(total: number, previous: number | undefined, seconds: number | undefined): Figure {
  if (previous === undefined || seconds === undefined || seconds <= 0 || total < previous) return { total };
  return { total, perSecond: (total - previous) / seconds };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The report of `current`, with rates against `previous` when given. */
export function statusReport(current: StatusSnapshot, previous: StatusSnapshot | undefined, topicPrefix: string) {
  const seconds = previous ? (current.at - previous.at) / 1000 : undefined;
  const before = new Map<string, StageFigures>();
  for (const scrape of previous?.scrapes ?? []) {
    if (scrape.ok) for (const f of stageFigures(scrape.service, scrape.samples, topicPrefix)) before.set(f.stage, f);
  }
  const stages: StageStatus[] = [];
  for (const scrape of current.scrapes) {
    if (!scrape.ok) {
      stages.push({ stage: scrape.service, service: scrape.service, up: false });
      continue;
    }
    for (const f of stageFigures(scrape.service, scrape.samples, topicPrefix)) {
      const prev = before.get(f.stage);
      stages.push({
        stage: f.stage,
        service: f.service,
        up: true,
        in: figure(f.in, prev?.in, seconds),
        out: figure(f.out, prev?.out, seconds),
        deadLetters: f.deadLetters,
        deadLettersTotal: sum(f.deadLetters),
        errors: f.errors,
        notes: f.notes,
      });
    }
  }
  const report: StatusReport = {
    time: new Date(current.at).toISOString(),
    services: current.scrapes.map((s) =>
      s.ok
        ? { service: s.service, url: s.url, up: true }
        : { service: s.service, url: s.url, up: false, error: s.error },
    ),
    stages,
    consumerLag: current.lag,
    deadLetterTopic: { topic: current.deadLetterTopic.topic, entries: current.deadLetterTopic.entries ?? null },
  };
  if (seconds !== undefined) report.intervalSeconds = Math.round(seconds * 10) / 10;
  return report;
}
