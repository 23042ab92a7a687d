import { RowBufferPool } from '@daytwo/core';
import { Registry } from 'prom-client';
import { podLogMetadata } from '../discovery/layout';
import { CollectorMetrics } from '../metrics';
import { createLineDecoder } from '../parse/line-decoder';
import type { LineDecoderOptions } from '../parse/line-decoder-options';
import { RecordBuilder } from '../publish/record-builder';
import { FileHead } from './file-head';
import { FileLines } from './file-lines';

/** The bounds of `fileLines()`: small, so that tests reach them with short lines. */
export const TEST_MAX_LINE_BYTES = 1024;
export const TEST_MAX_CARRY_BYTES = 4096;

/**
 * The FileLines a tailer makes for a CRI container log of pod `ns/pod`; multiline merging off unless given, read
 * buffers from a pool of its own unless given.
 */
export function fileLines(
  options: Pick<LineDecoderOptions, 'multiline'> & { readBuffers?: RowBufferPool } = {},
): FileLines {
  const path = '/var/log/pods/ns_pod_0d7a3c1e-1111/app/0.log';
  return new FileLines({
    head: new FileHead(),
    builder: new RecordBuilder({
      path,
      meta: podLogMetadata('ns_pod_0d7a3c1e-1111', 'app', '0.log')!,
      nodeName: 'n',
      hostName: 'h',
    }),
    decoder: createLineDecoder({
      format: 'cri',
      maxLineBytes: TEST_MAX_LINE_BYTES,
      multiline: options.multiline ?? false,
    }),
    idDev: 1n,
    idIno: 2n,
    maxCarryBytes: TEST_MAX_CARRY_BYTES,
    metrics: new CollectorMetrics(new Registry()),
    readBuffers: options.readBuffers ?? new RowBufferPool(1 << 20),
  });
}
