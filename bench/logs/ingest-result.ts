/** One run of a log shipper moving the benchmark file into Kafka. */
export interface IngestResult {
  source: 'collector-logs' | 'rsyslog';
  run: number;
  lines: number;
  /** Lines of the file that never reached the topic (a shipper that gave up on some). */
  lost: number;
  /** From the file appearing to the last record acknowledged by Kafka. */
  seconds: number;
  /** CPU (user + system, all threads) of the shipper's process over the same span. */
  cpuSeconds: number;
  /** VmHWM of the shipper's process at the end of the run (start-up included). */
  peakRssMb: number;
  linesPerSecond: number;
  linesPerCpuSecond: number;
  /** Bytes the shipper's messages take in the topic (record values), when known. */
  topic: string;
  settings: string;
  /** What the shipper said about lines it lost (first such line of its log). */
  problem?: string;
}

export function ingestResult(base: Omit<IngestResult, 'linesPerSecond' | 'linesPerCpuSecond'>): IngestResult {
  return {
    ...base,
    linesPerSecond: (base.lines - base.lost) / base.seconds,
    linesPerCpuSecond: base.cpuSeconds > 0 ? (base.lines - base.lost) / base.cpuSeconds : Infinity,
  };
}

/** The run in the middle (by lines/s); with two runs, the better one is reported separately, not averaged. */
export function median<T>(values: readonly T[], by: (value: T) => number): T | undefined {
  const sorted = [...values].sort((a, b) => by(a) - by(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
