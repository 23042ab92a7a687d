import { ingestResult } from './ingest-result';
import { ingestRatio } from './report';

describe('ingestRatio', () => {
  const run = (source: 'collector-logs' | 'rsyslog', seconds: number, cpuSeconds: number, peakRssMb: number) =>
    ingestResult({ source, run: 1, lines: 1000, lost: 0, seconds, cpuSeconds, peakRssMb, topic: 't', settings: '' });

  it('compares the median runs', () => {
    const ratio = ingestRatio([run('collector-logs', 1, 2, 100), run('rsyslog', 2, 4, 50)]);
    expect(ratio).toEqual({ linesPerSecond: 2, linesPerCpuSecond: 2, peakRss: 2 });
  });

  it('is absent without both shippers', () => {
    expect(ingestRatio([run('collector-logs', 1, 1, 1)])).toBeUndefined();
  });
});

describe('ingestResult', () => {
  it('rates count only the lines that reached Kafka', () => {
    const r = ingestResult({
      source: 'rsyslog',
      run: 1,
      lines: 1000,
      lost: 100,
      seconds: 3,
      cpuSeconds: 2,
      peakRssMb: 50,
      topic: 't',
      settings: '',
    });
    expect([r.linesPerSecond, r.linesPerCpuSecond]).toEqual([300, 450]);
  });
});
