import type { MetricSample } from '@daytwo/core';
import { Root } from 'protobufjs';
import { compressSync, uncompressSync } from 'snappy';
import { decodeRemoteWrite } from './remote-write-decoder';
import {
  compareCodePoints,
  encodeRemoteWrite,
  encodeWriteRequestProto,
  REMOTE_WRITE_HEADERS,
  RemoteWriteEncodeError,
  toRemoteWriteSeries,
} from './remote-write-encoder';
import { float64ToBits, STALE_NAN_BITS } from './float64-bits';

const sample = (over: Partial<MetricSample> = {}): MetricSample => ({
  schema_version: 1,
  id: 'id-1',
  name: 'http_requests_total',
  labels: { job: 'api', instance: 'a:80' },
  value: 1,
  timestamp: 1_700_000_000_000,
  type: 'counter',
  ...over,
});

describe('remote-write encoder', () => {
  it('round-trips labels, values and timestamps through snappy + protobuf', () => {
    const body = encodeRemoteWrite([sample({ value: 42.5 })]);
    expect(decodeRemoteWrite(body)).toEqual([
      {
        labels: [
          { name: '__name__', value: 'http_requests_total' },
          { name: 'instance', value: 'a:80' },
          { name: 'job', value: 'api' },
        ],
        samples: [{ value: 42.5, timestamp: 1_700_000_000_000, stale: false }],
      },
    ]);
  });

  it('is snappy block format (uncompresses with the block decoder, no stream identifier chunk)', () => {
    const body = encodeRemoteWrite([sample()]);
    expect(body.subarray(0, 4).toString('latin1')).not.toBe('\xff\x06\x00\x00');
    const proto = uncompressSync(body, { asBuffer: true }) as Buffer;
    expect(Buffer.from(encodeWriteRequestProto(toRemoteWriteSeries([sample()])))).toEqual(proto);
  });

  it.each([
    [{ b: '1', a: '2', Z: '3', _x: '4' }, ['Z', '__name__', '_x', 'a', 'b']],
    [{ zone: 'z', __meta: 'm' }, ['__meta', '__name__', 'zone']],
    [{ ä: '1', z: '2' }, ['__name__', 'z', 'ä']],
    [{ '\u{1F600}': '1', '\uFF61': '2' }, ['__name__', '\uFF61', '\u{1F600}']],
  ])('sorts labels %p by byte order as %p', (labels, names) => {
    const [series] = toRemoteWriteSeries([sample({ labels })]);
    expect(series!.labels.map((l) => l.name)).toEqual(names);
    expect(decodeRemoteWrite(encodeRemoteWrite([sample({ labels })]))[0]!.labels.map((l) => l.name)).toEqual(names);
  });

  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'ab', -1],
    ['x', 'x', 0],
    ['\uFF61', '\u{1F600}', -1],
  ])('compares %p with %p in UTF-8 byte order', (a, b, sign) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(sign);
    expect(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))).toBe(sign);
  });

  it('groups samples of one series into one timeseries in timestamp order', () => {
    const series = decodeRemoteWrite(
      encodeRemoteWrite([
        sample({ id: 'c', value: 3, timestamp: 3000 }),
        sample({ id: 'x', labels: { job: 'other' }, value: 9, timestamp: 500 }),
        sample({ id: 'a', value: 1, timestamp: 1000 }),
        sample({ id: 'b', value: 2, timestamp: 2000, labels: { instance: 'a:80', job: 'api' } }),
      ]),
    );
    expect(series).toHaveLength(2);
    expect(series[0]!.samples.map((s) => [s.timestamp, s.value])).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 3],
    ]);
    expect(series[1]!.samples).toEqual([{ value: 9, timestamp: 500, stale: false }]);
  });

  it('drops labels with empty values (Prometheus treats them as absent)', () => {
    const [series] = toRemoteWriteSeries([sample({ labels: { job: 'api', empty: '' } })]);
    expect(series!.labels.map((l) => l.name)).toEqual(['__name__', 'job']);
  });

  it('writes a stale sample as the exact StaleNaN bits 0x7ff0000000000002', () => {
    const proto = encodeWriteRequestProto(toRemoteWriteSeries([sample({ stale: true, value: 5 })]));
    const staleBytes = Buffer.from('020000000000f07f', 'hex');
    expect(Buffer.from(proto).indexOf(staleBytes)).toBeGreaterThan(0);
    const [decoded] = decodeRemoteWrite(compressSync(Buffer.from(proto)));
    expect(decoded!.samples[0]!.stale).toBe(true);
    expect(decoded!.samples[0]!.value).toBeNaN();
    expect(STALE_NAN_BITS).toEqual({ low: 2, high: 0x7ff00000 });
  });

  it.each([NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, -123.456])(
    'keeps the value %p bit for bit and not stale',
    (value) => {
      const [decoded] = decodeRemoteWrite(encodeRemoteWrite([sample({ value })]));
      expect(decoded!.samples[0]!.value).toBe(value);
      expect(decoded!.samples[0]!.stale).toBe(false);
      expect(float64ToBits(decoded!.samples[0]!.value)).toEqual(float64ToBits(value));
    },
  );

  it('is read by the prompb schema, where Sample.value is a double', () => {
    const prompb = Root.fromJSON({
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    }).lookupType('WriteRequest');
    const proto = encodeWriteRequestProto(toRemoteWriteSeries([sample({ value: -2.25, timestamp: 1234 })]));
    expect(prompb.toObject(prompb.decode(proto), { longs: Number })).toEqual({
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'http_requests_total' },
            { name: 'instance', value: 'a:80' },
            { name: 'job', value: 'api' },
          ],
          samples: [{ value: -2.25, timestamp: 1234 }],
        },
      ],
    });
  });

  it.each([
    [{ name: '' }, 'empty metric name'],
    [{ labels: { __name__: 'x' } }, 'labels must not contain __name__'],
    [{ timestamp: 1.5 }, 'timestamp 1.5 is not an integer of ms'],
    [{ timestamp: Number.NaN }, 'timestamp NaN is not an integer of ms'],
  ])('rejects %p with a typed error naming the sample', (over, reason) => {
    const encode = () => encodeRemoteWrite([sample({ id: 'bad-1', ...over })]);
    expect(encode).toThrow(RemoteWriteEncodeError);
    expect(encode).toThrow(`sample bad-1: ${reason}`);
  });

  it('encodes an empty batch as an empty WriteRequest', () => {
    expect(decodeRemoteWrite(encodeRemoteWrite([]))).toEqual([]);
  });

  it('exposes the remote-write 1.0 headers', () => {
    expect(REMOTE_WRITE_HEADERS).toEqual({
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    });
  });
});
