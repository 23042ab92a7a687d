import { LogRowWriter, type LogEnvelopeLimits, type LogRows, type RowBufferPool } from '@daytwo/core';
import type { CollectorMetrics } from '../metrics';
import type { PlainLineSink } from '../parse/line-decoder';
import type { DecodedLine } from '../parse/logical-line';
import type { LogStream } from '../parse/types';
import type { DeadLetterDraft, RecordBuilder } from './record-builder';

/** What one read chunk (or one flush) of a file turns into: its records as rows, and its dead letters. */
export interface EncodedBatch {
  rows: LogRows;
  deadLetters: DeadLetterDraft[];
}

/**
 * Encodes one file's lines into the rows of compact log envelopes as they are decoded: plain lines straight from the
 * chunk's bytes, the others (flagged, merged, reassembled) from their decoded form; rejected lines become dead letters.
 */
export class BatchEncoder implements PlainLineSink {
  private readonly writer: LogRowWriter;
  private readonly idPrefix: Buffer;
  private deadLetters: DeadLetterDraft[] = [];

  constructor(
    private readonly builder: RecordBuilder,
    private readonly recordId: (offset: number) => string,
    private readonly metrics: CollectorMetrics,
    options: { envelopes?: LogEnvelopeLimits | undefined; rowBuffers?: RowBufferPool | undefined } = {},
  ) {
    // recordId(offset) is this prefix and the offset in 16 hex digits (record-id.ts): plain rows write it directly.
    this.idPrefix = Buffer.from(recordId(0).slice(0, 16), 'latin1');
    const { envelopes, rowBuffers } = options;
    this.writer = new LogRowWriter(builder.common(), {
      ...(envelopes === undefined ? {} : { envelopes }),
      ...(rowBuffers === undefined ? {} : { pool: rowBuffers }),
    });
  }

  plain(
    chunk: Buffer,
    offset: number,
    timestampStart: number,
    timestampEnd: number,
    stream: LogStream,
    messageStart: number,
    messageEnd: number,
  ): void {
    this.writer.appendBytes(
      this.idPrefix,
      offset,
      chunk,
      timestampStart,
      timestampEnd,
      stream,
      messageStart,
      messageEnd,
    );
  }

  add(decoded: readonly DecodedLine[]): void {
    for (const d of decoded) {
      const id = this.recordId(d.offset);
      if (d.kind === 'line') {
        const { offset, timestamp, stream, message, flags } = d;
        this.writer.append({ id, offset, timestamp, stream, message, flags });
        for (const flag of flags) this.metrics.flaggedLines.inc({ flag });
      } else {
        this.deadLetters.push(this.builder.deadLetter(d, id));
        this.metrics.deadLetters.inc({ reason: d.error.reason });
      }
    }
  }

  /** Everything added since the last call. */
  take(): EncodedBatch {
    const batch = { rows: this.writer.take(), deadLetters: this.deadLetters };
    this.deadLetters = [];
    return batch;
  }
}
