import { LogRecord } from '@daytwo/core';
import { podLogMetadata } from '../discovery/layout';
import { LogLineParseError } from '../parse/types';
import { RecordBuilder } from './record-builder';

const meta = podLogMetadata('shop_web-1_0d7a3c1e-1111', 'web', '3.log')!;
const builder = new RecordBuilder({ path: '/var/log/pods/x/web/3.log', meta, nodeName: 'node-a', hostName: 'host-a' });

describe('RecordBuilder', () => {
  it('builds a valid LogRecord with the path metadata, runtime timestamp, offset and flags', () => {
    const record = builder.record(
      {
        kind: 'line',
        offset: 4096,
        endOffset: 4200,
        timestamp: '2024-05-01T12:00:00.123456789Z',
        stream: 'stderr',
        message: 'boom',
        flags: ['truncated'],
        droppedBytes: 10,
      },
      'id-1',
    );
    expect(LogRecord.parse(record)).toEqual({
      schema_version: 1,
      '@timestamp': '2024-05-01T12:00:00.123456789Z',
      message: 'boom',
      stream: 'stderr',
      log: { file: { path: '/var/log/pods/x/web/3.log' }, offset: 4096, flags: ['truncated'] },
      kubernetes: {
        namespace: 'shop',
        pod: { name: 'web-1', uid: '0d7a3c1e-1111' },
        container: { name: 'web', restart_count: 3 },
        node: { name: 'node-a' },
      },
      host: { name: 'host-a' },
      event: { id: 'id-1' },
    });
  });

  it('dead-letters a rejected line with its reason, position and raw bytes', () => {
    const error = new LogLineParseError('bad_timestamp', 'no timestamp', Buffer.from('garbage\n'));
    expect(builder.deadLetter({ kind: 'rejected', offset: 7, endOffset: 15, error }, 'id-2')).toEqual({
      reason: 'bad_timestamp',
      error,
      source: { topic: 'file:/var/log/pods/x/web/3.log', partition: 0, offset: '7' },
      recordId: 'id-2',
      raw: Buffer.from('garbage\n'),
    });
  });
});
