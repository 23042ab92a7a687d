import { randomBytes } from 'node:crypto';
import { DeadLetterEntry } from '@daytwo/core';
import { LogEventFactory, type LogEvent } from '../support/log-events';
import type { PipelineHarness } from '../support/pipeline-harness';
import type { PodLogTree } from '../support/pod-log-generator';
import { waitFor } from '../support/wait-for';
import type { LogIndices } from './logs-elasticsearch';

/** The collector's default `decode.maxLineBytes`: longer logical lines keep this many bytes, flagged truncated. */
const MAX_LINE_BYTES = 256 * 1024;
/** Deeper than the 20 levels Elasticsearch's `flattened` type accepts (the sink maps `attributes` as flattened). */
const DEEP_LEVELS = 25;

export interface BadInputOutcome {
  summary: Record<string, string | number>;
  problems: string[];
}

const event = (seq: string, line: string | Buffer, expected: LogEvent['expected']): LogEvent => ({
  seq,
  kind: 'plain',
  stream: 'stdout',
  lines: [line],
  parts: 1,
  expected,
});

/** Matches `b-5` but not `b-50`. */
const seqIn = (seq: string) => new RegExp(`${seq}(?![0-9])`);

function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { level: value };
  return value;
}

/**
 * Writes bad inputs between good lines in a CRI and a json-file container. Stored (recorded in the tree, with the flag
 * they must carry): a 5 MiB line, invalid UTF-8, an unparsable JSON body. Dead-lettered by the sink into the
 * Elasticsearch dead-letter index as mapping conflicts: a JSON body nested deeper than `flattened` allows, and a line
 * time stamped before 1970 (`@timestamp` is `date_nanos`, which cannot hold it). Dead-lettered by the collector on the
 * Kafka dead-letter topic: binary garbage in the CRI file, a line that is not json-file in the Docker file.
 */
export function badInputScenario(tree: PodLogTree, namespace: string) {
  const events = new LogEventFactory('b');
  const cri = tree.pod(namespace, 'bad-cri-0').container('app', 'cri');
  const docker = tree.pod(namespace, 'bad-docker-0').container('app', 'docker');
  // Good lines first: each file's format is detected on its first line.
  cri.write(events.make('plain'));
  docker.write(events.make('plain'));

  const hugeSeq = events.nextSeq();
  const huge = `seq=${hugeSeq} ${'0123456789abcdef'.repeat(5 * 65536)}`;
  cri.write(event(hugeSeq, huge, { message: huge.slice(0, MAX_LINE_BYTES), flags: ['truncated'] }));
  const invalidSeq = events.nextSeq();
  const invalid = Buffer.concat([
    Buffer.from(`seq=${invalidSeq} caf`),
    Buffer.from([0xc3, 0x28]),
    Buffer.from(' and '),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(' end'),
  ]);
  cri.write(event(invalidSeq, invalid, { message: invalid.toString('utf8'), flags: ['invalid_utf8'] }));
  const brokenSeq = events.nextSeq();
  const broken = `{"msg":"seq=${brokenSeq} order failed","level":"error", "items": [1, 2`;
  docker.write(event(brokenSeq, broken, { message: broken, flags: ['parse_failed'] }));

  const deepSeq = events.nextSeq();
  cri.writeRaw(
    cri.physicalLine(
      JSON.stringify({ seq: deepSeq, msg: 'deep body', body: nested(DEEP_LEVELS, 1) }),
      'stdout',
      new Date(),
    ),
  );
  const epochSeq = events.nextSeq();
  cri.writeRaw(
    cri.physicalLine(`seq=${epochSeq} node clock before the epoch`, 'stdout', new Date('1969-12-31T23:59:59Z')),
  );

  const garbage = randomBytes(2048).map((b) => (b === 0x0a ? 0x00 : b));
  garbage[0] = 0xff;
  cri.writeRaw(Buffer.concat([garbage, Buffer.from('\n')]));
  docker.writeRaw('this is not a json-file line\n');

  // Good lines after: the pipeline goes on.
  for (let i = 0; i < 100; i++) (i % 2 === 0 ? cri : docker).write(events.mixed());

  return {
    async outcome(h: PipelineHarness, indices: LogIndices): Promise<BadInputOutcome> {
      const problems: string[] = [];
      const sinkDeadLetters = await waitFor(
        async () => {
          const entries = await indices.deadLetterEntries();
          const mine = entries.filter((e) => [deepSeq, epochSeq].some((s) => seqIn(s).test(String(e['raw']))));
          return mine.length >= 2 ? mine : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: 'the sink dead-letter entries of both mapping conflicts' },
      );
      for (const entry of sinkDeadLetters) {
        if (entry['reason'] !== 'mapping_conflict') problems.push(`sink dead letter reason ${String(entry['reason'])}`);
      }
      const collectorDeadLetters = await waitFor(
        async () => {
          const entries = (await h.readTopic(h.topics.deadLetter)).map((m) =>
            DeadLetterEntry.parse(JSON.parse(m.value!.toString())),
          );
          const mine = entries.filter((e) => [`file:${cri.path}`, `file:${docker.path}`].includes(e.source.topic));
          return mine.length >= 2 ? mine : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: 'the collector dead-letter entries of both garbage lines' },
      );
      for (const entry of collectorDeadLetters) {
        if (entry.stage !== 'collector-logs') problems.push(`collector dead letter stage ${entry.stage}`);
      }
      const byFile = (path: string) => collectorDeadLetters.filter((e) => e.source.topic === `file:${path}`);
      if (byFile(cri.path).length !== 1 || byFile(docker.path).length !== 1) {
        problems.push(`collector dead letters per file: ${JSON.stringify(collectorDeadLetters.map((e) => e.source))}`);
      }
      return {
        problems,
        summary: {
          'stored flagged': 'truncated 5 MiB line, invalid_utf8, parse_failed',
          'ES dead-letter index': sinkDeadLetters
            .map((e) => `${String(e['reason'])} (${String(e['error']).slice(0, 90)})`)
            .join(' | '),
          'Kafka dead-letter topic': collectorDeadLetters.map((e) => `${e.reason}: ${e.error}`).join(' | '),
        },
      };
    },
  };
}
