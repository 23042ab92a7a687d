import { formatCounts, formatNumber, table } from '../table';
import type { Figure, StatusReport } from './status-report';

const rate = (f: Figure | undefined) => formatNumber(f?.perSecond, 1);
const total = (f: Figure | undefined) => formatNumber(f?.total);

/** The report as the tables `daytwo status` prints. */
export function renderStatus(report: StatusReport): string {
  const stageRows = report.stages.map((s) =>
    s.up
      ? [
          s.stage,
          'up',
          rate(s.in),
          rate(s.out),
          total(s.in),
          total(s.out),
          formatNumber(s.deadLettersTotal),
          formatCounts(s.errors ?? {}),
          formatCounts(s.notes ?? {}),
        ]
      : [s.stage, 'DOWN', '', '', '', '', '', report.services.find((x) => x.service === s.service)?.error ?? '', ''],
  );
  const lagRows = report.consumerLag.map((l) => [l.group, l.topic, formatNumber(l.lag), String(l.partitions)]);
  const interval = report.intervalSeconds === undefined ? '' : ` (rates over ${report.intervalSeconds} s)`;
  const dlq = report.deadLetterTopic;
  return [
    `daytwo status at ${report.time}${interval}`,
    '',
    table(['STAGE', 'STATE', 'IN/s', 'OUT/s', 'IN', 'OUT', 'DEAD-LETTERED', 'ERRORS', 'NOTES'], stageRows),
    '',
    lagRows.length > 0
      ? table(['CONSUMER GROUP', 'TOPIC', 'LAG', 'PARTITIONS'], lagRows)
      : 'No consumer group has committed offsets on the pipeline topics yet.',
    '',
    dlq.entries === null
      ? `Dead-letter topic ${dlq.topic}: does not exist`
      : `Dead-letter topic ${dlq.topic}: ${formatNumber(dlq.entries)} entries (npx daytwo dlq list)`,
  ].join('\n');
}
