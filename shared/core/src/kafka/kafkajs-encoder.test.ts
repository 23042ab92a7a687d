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

/** The bytes kafkajs writes to the socket for a produce request, with a fresh copy of its modules. */
async function produceRequestBytes(patched: boolean, version: number): Promise<Buffer> {
  let encoded: Promise<EncodedRequest> | undefined;
  jest.isolateModules(() => {
    const Encoder = require('kafkajs/src/protocol/encoder') as KafkajsEncoderClass;
    if (patched) expect(patchKafkajsEncoder(Encoder)).toBe(true);
    const createRequest = require('kafkajs/src/protocol/request') as CreateRequest;
    const { protocol } = require('kafkajs/src/protocol/requests/produce') as { protocol: ProduceProtocol };
    const { request } = protocol({ version })({
      acks: -1,
      timeout: 30_000,
      compression: 0,
      topicData,
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
  it.each([3, 7])('writes produce requests (v%i) byte for byte as kafkajs does', async (version) => {
    const original = await produceRequestBytes(false, version);
    const patched = await produceRequestBytes(true, version);
    expect(patched.length).toBe(original.length);
    expect(patched.equals(original)).toBe(true);
  });

  it('refuses a class that does not look like kafkajs Encoder', () => {
    class NotAnEncoder {}
    expect(patchKafkajsEncoder(Object.assign(NotAnEncoder, { nextPowerOfTwo: (n: number) => n }))).toBe(false);
  });
});
