import {
  SCHEMA_VERSION,
  type DeadLetterInput,
  type DeadLetterSource,
  type LogRecord,
  type LogRowsCommon,
} from '@daytwo/core';
import type { LogicalLine, RejectedLine } from '../parse/logical-line';
import type { PodLogPath } from '../parse/pod-path';

/** Where a record was read: the same for every line of one file. */
export interface RecordOrigin {
  /** The live path (`.../<restart>.log`), also for lines read after kubelet renamed the file. */
  path: string;
  meta: PodLogPath;
  nodeName: string;
  hostName: string;
}

export type DeadLetterDraft = Omit<DeadLetterInput, 'stage'>;

/** The dead-letter source of a file position: `file:<path>`, partition 0, the byte offset. */
export function fileSource(path: string, offset: number): DeadLetterSource {
  return { topic: `file:${path}`, partition: 0, offset: String(offset) };
}

/**
 * Builds the LogRecords of one file. The metadata objects are shared by all records of the file: records are
 * serialised, never mutated, after they are built.
 */
export class RecordBuilder {
  private readonly kubernetes: NonNullable<LogRecord['kubernetes']>;
  private readonly host: NonNullable<LogRecord['host']>;
  private readonly file: { path: string };

  constructor(readonly origin: RecordOrigin) {
    const { meta } = origin;
    this.kubernetes = {
      namespace: meta.namespace,
      pod: { name: meta.podName, uid: meta.podUid },
      container: { name: meta.container, restart_count: meta.restartCount },
      node: { name: origin.nodeName },
    };
    this.host = { name: origin.hostName };
    this.file = { path: origin.path };
  }

  /** What every record of the file shares: the `common` part of its compact envelopes. */
  common(): LogRowsCommon {
    return { schema_version: SCHEMA_VERSION, log: { file: this.file }, kubernetes: this.kubernetes, host: this.host };
  }

  record(line: LogicalLine, id: string): LogRecord {
    const log: NonNullable<LogRecord['log']> = { file: this.file, offset: line.offset };
    if (line.flags.length > 0) log.flags = [...line.flags];
    return {
      schema_version: SCHEMA_VERSION,
      '@timestamp': line.timestamp,
      message: line.message,
      stream: line.stream,
      log,
      kubernetes: this.kubernetes,
      host: this.host,
      event: { id },
    };
  }

  deadLetter(line: RejectedLine, id: string): DeadLetterDraft {
    return {
      reason: line.error.reason,
      error: line.error,
      source: fileSource(this.origin.path, line.offset),
      recordId: id,
      raw: line.error.raw,
    };
  }
}
