/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs' protocol modules have no types and must be
   loaded twice, in isolated module registries, to compare the patched encoder with the original. */
import { ENCODER_PART_BYTES, patchKafkajsEncoder, type KafkajsEncoderClass } from './kafkajs-encoder';

interface EncodedRequest {
  buffer: Buffer;
  size(): number;
}
type CreateRequest = (options: {
  request: unknown;
  correlationId: number;
  clientId: string;
}) => Promise<EncodedRequest>;
type ProduceProtocol = (options: { version: number }) => (args: Record<string, unknown>) => { request: unknown };

const big = (n: number, fill: number) => Buffer.alloc(n, fill);

/** Messages of all sizes around the part threshold, with keys, headers and fixed timestamps (deterministic). */
const topicData = [
  {
    topic: 'daytwo.logs.raw',
    partitions: [
      {
        partition: 3,
        firstSequence: 7,
        messages: [
          { key: 'pod-a', value: big(10, 0x61), timestamp: 1_700_000_000_000, headers: { traceparent: 'tp' } },
          { key: 'pod-a', value: big(ENCODER_PART_BYTES, 0x62), timestamp: 1_700_000_000_001 },
          { key: Buffer.from('pod-a'), value: big(ENCODER_PART_BYTES - 1, 0x63), timestamp: 1_700_000_000_002 },
          { key: null, value: big(300_000, 0x64), timestamp: 1_700_000_000_003, headers: { a: ['1', '2'] } },
          { key: 'pod-a', value: 'a string value', timestamp: 1_700_000_000_004 },
        ],
      },
      { partition: 0, firstSequence: 0, messages: [{ key: 'k', value: big(40_000, 0x65), timestamp: 1 }] },
    ],
  },
];

/** The same request with only its first partition (what the collector sends: one key per request). */
const onePartition = [{ ...topicData[0]!, partitions: topicData[0]!.partitions.slice(0, 1) }];

/** The bytes kafkajs writes to the socket for a produce request, with a fresh copy of its modules. */
async function produceRequestBytes(
  patched: boolean,
  version: number,
  data: typeof topicData = topicData,
  compression = 0,
): Promise<Buffer> {
  let encoded: Promise<EncodedRequest> | undefined;
  jest.isolateModules(() => {
    const Encoder = require('kafkajs/src/protocol/encoder') as KafkajsEncoderClass;
    if (patched) expect(patchKafkajsEncoder(Encoder)).toBe(true);
    const createRequest = require('kafkajs/src/protocol/request') as CreateRequest;
    const { protocol } = require('kafkajs/src/protocol/requests/produce') as { protocol: ProduceProtocol };
    const { request } = protocol({ version })({
      acks: -1,
      timeout: 30_000,
      compression,
      topicData: data,
      transactionalId: null,
      producerId: 42,
      producerEpoch: 1,
    });
    encoded = createRequest({ request, correlationId: 9, clientId: 'daytwo-test' });
  });
  const request = await encoded!;
  // size() is what kafkajs frames the request with: it must agree with the bytes.
  expect(request.size()).toBe(request.buffer.length);
  return request.buffer;
}

describe('patchKafkajsEncoder', () => {
  it.each([
    // version, partitions, compression (1: gzip), topic data
    [3, 'two partitions', 0, topicData],
    [7, 'two partitions', 0, topicData],
    [3, 'one partition', 0, onePartition],
    [7, 'one partition', 0, onePartition],
    [7, 'one partition', 1, onePartition],
  ])(
    'writes produce requests (v%i, %s, compression %i) byte for byte as kafkajs does',
    async (version, _, gz, data) => {
      const original = await produceRequestBytes(false, version, data, gz);
      const patched = await produceRequestBytes(true, version, data, gz);
      expect(patched.length).toBe(original.length);
      expect(patched.equals(original)).toBe(true);
    },
  );

  it('copies the messages of a one-partition request once: the join for the CRC is what goes to the socket', async () => {
    const allocations = jest.spyOn(Buffer, 'allocUnsafeSlow');
    try {
      const bytes = await produceRequestBytes(true, 7, onePartition);
      const joins = allocations.mock.results.map((r) => r.value as Buffer).filter((b) => b.length > 300_000);
      expect(joins).toHaveLength(1);
      expect(bytes.buffer).toBe(joins[0]!.buffer);
    } finally {
      allocations.mockRestore();
    }
  });

  it('writes the prefix of only one encoder into the headroom of a joined buffer', () => {
    interface TestEncoder {
      buffer: Buffer;
      writeInt16(n: number): TestEncoder;
      writeInt32(n: number): TestEncoder;
      writeBytes(b: Buffer): TestEncoder;
      writeEncoder(e: TestEncoder): TestEncoder;
    }
    let Encoder!: new () => TestEncoder;
    jest.isolateModules(() => {
      Encoder = require('kafkajs/src/protocol/encoder') as new () => TestEncoder;
      expect(patchKafkajsEncoder(Encoder as unknown as KafkajsEncoderClass)).toBe(true);
    });
    const child = new Encoder().writeInt32(1).writeBytes(big(ENCODER_PART_BYTES, 0x61));
    const joined = Buffer.from(child.buffer);
    const first = new Encoder().writeInt32(7).writeEncoder(child).buffer;
    const second = new Encoder().writeInt16(9).writeEncoder(child).buffer;
    const int = (n: number, bytes: number) => Buffer.from(n.toString(16).padStart(2 * bytes, '0'), 'hex');
    expect(first.equals(Buffer.concat([int(7, 4), joined]))).toBe(true);
    expect(second.equals(Buffer.concat([int(9, 2), joined]))).toBe(true);
    // The first took the headroom (no copy); the second found it taken and copied.
    expect(first.buffer).toBe(child.buffer.buffer);
    expect(second.buffer).not.toBe(child.buffer.buffer);
  });

  it('refuses a class that does not look like kafkajs Encoder', () => {
    class NotAnEncoder {}
    expect(patchKafkajsEncoder(Object.assign(NotAnEncoder, { nextPowerOfTwo: (n: number) => n }))).toBe(false);
  });
});
