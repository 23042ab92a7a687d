/**
 * kafkajs 2.x builds a produce request in about nine nested Encoders (record, record array, batch body, batch, offset
 * frame, partition, topic, request, size frame), each copying everything its children wrote into a freshly allocated,
 * zero-filled, power-of-two sized Buffer. For large messages that copying, and the garbage collections the external
 * memory churn triggers, cost more CPU than everything else the collector does. The patch below keeps the output byte
 * for byte the same but lets an Encoder hold large pieces by reference: a piece of 16 KiB or more (a message value, a
 * child encoder's content) is appended as a part instead of copied, and the parts are joined when the bytes are read
 * (`buffer`: the batch CRC and the socket write). A join leaves headroom in front, into which the enclosing encoders
 * (batch header, partition, topic, request, size frame) write their few bytes, so a one-partition produce request is
 * copied once, for the CRC, and that copy is what goes to the socket. Buffers given to kafkajs are never changed by
 * it, and neither are encoders once written into another, so holding them by reference is safe.
 */

/** The shape of kafkajs' Encoder that the patch relies on (src/protocol/encoder.js). */
export interface KafkajsEncoderClass {
  prototype: object;
  nextPowerOfTwo(value: number): number;
}

interface EncoderState {
  buf: Buffer;
  offset: number;
  parts?: Buffer[] | undefined;
  partsLength?: number | undefined;
  writeInt32(value: number): EncoderState;
  writeBufferInternal(buffer: Buffer): void;
}

/** Pieces at least this large are held by reference. */
export const ENCODER_PART_BYTES = 16 * 1024;
const PATCHED = Symbol.for('daytwo.kafkajs-encoder-parts');

function isEncoder(value: unknown): value is EncoderState {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as { buf?: unknown }).buf);
}

function appendPart(encoder: EncoderState, part: Buffer): void {
  encoder.parts ??= [];
  encoder.partsLength ??= 0;
  if (encoder.offset > 0) {
    // What was written so far becomes a part; later small writes go on in the rest of the same buffer.
    encoder.parts.push(encoder.buf.subarray(0, encoder.offset));
    encoder.partsLength += encoder.offset;
    encoder.buf = encoder.buf.subarray(encoder.offset);
    encoder.offset = 0;
  }
  encoder.parts.push(part);
  encoder.partsLength += part.length;
}

/** Appends everything `child` wrote, its parts by reference. */
function adopt(encoder: EncoderState, child: EncoderState): void {
  for (const part of child.parts ?? []) appendPart(encoder, part);
  if (child.offset > 0) encoder.writeBufferInternal(child.buf.subarray(0, child.offset));
}

/** Room left free in front of a joined buffer, for the prefixes of the encoders that enclose it. */
export const JOIN_HEADROOM_BYTES = 1024;
/** Buffers joined here: the offset in their memory below which the bytes are free headroom. */
const headroomEnd = new WeakMap<ArrayBufferLike, number>();

/**
 * The encoder's content in one Buffer. When it ends with a joined buffer and everything before that fits in the free
 * headroom in front of it, that is written into the headroom (no copy of the large part); otherwise everything is
 * copied into a new buffer with headroom in front. The headroom is claimed once: a second encoder holding the same
 * joined buffer finds it taken and copies.
 */
function joinParts(encoder: EncoderState): Buffer {
  const parts = encoder.parts!;
  const last = parts[parts.length - 1]!;
  const prefixLength = encoder.partsLength! - last.length;
  if (encoder.offset === 0 && headroomEnd.get(last.buffer) === last.byteOffset && prefixLength <= last.byteOffset) {
    const start = last.byteOffset - prefixLength;
    const whole = Buffer.from(last.buffer, start, prefixLength + last.length);
    let p = 0;
    for (let i = 0; i < parts.length - 1; i++) p += parts[i]!.copy(whole, p);
    headroomEnd.set(last.buffer, start);
    return whole;
  }
  const length = encoder.partsLength! + encoder.offset;
  const memory = Buffer.allocUnsafeSlow(JOIN_HEADROOM_BYTES + length);
  let p = JOIN_HEADROOM_BYTES;
  for (const part of parts) p += part.copy(memory, p);
  encoder.buf.copy(memory, p, 0, encoder.offset);
  headroomEnd.set(memory.buffer, JOIN_HEADROOM_BYTES);
  return memory.subarray(JOIN_HEADROOM_BYTES);
}

/** Patches kafkajs' Encoder class in place (once); returns false when it does not look like the expected class. */
export function patchKafkajsEncoder(Encoder: KafkajsEncoderClass): boolean {
  const proto = Encoder.prototype as Record<string | symbol, unknown>;
  if (proto[PATCHED] === true) return true;
  const expected = [
    'writeBufferInternal',
    'ensureAvailable',
    'writeEncoder',
    'writeEncoderArray',
    'writeBytes',
    'size',
  ];
  if (!expected.every((name) => typeof proto[name] === 'function')) return false;
  if (typeof Object.getOwnPropertyDescriptor(proto, 'buffer')?.get !== 'function') return false;

  proto['ensureAvailable'] = function (this: EncoderState, length: number): void {
    if (this.offset + length <= this.buf.length) return;
    // Every byte is written before it can be read (see `buffer`), so the memory need not be zeroed.
    const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
    this.buf.copy(grown, 0, 0, this.offset);
    this.buf = grown;
  };
  proto['writeBufferInternal'] = function (this: EncoderState & { ensureAvailable(n: number): void }, b: Buffer) {
    if (b.length >= ENCODER_PART_BYTES) {
      appendPart(this, b);
      return;
    }
    this.ensureAvailable(b.length);
    b.copy(this.buf, this.offset, 0);
    this.offset += b.length;
  };
  proto['writeBytes'] = function (this: EncoderState, value: unknown): EncoderState {
    if (value === null || value === undefined) return this.writeInt32(-1);
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value as string | number), 'utf8');
    this.writeInt32(bytes.length);
    this.writeBufferInternal(bytes);
    return this;
  };
  proto['writeEncoder'] = function (this: EncoderState, value: unknown): EncoderState {
    if (!isEncoder(value)) throw new Error('value should be an instance of Encoder');
    adopt(this, value);
    return this;
  };
  proto['writeEncoderArray'] = function (this: EncoderState, values: unknown): EncoderState {
    if (!Array.isArray(values) || !values.every(isEncoder)) {
      throw new Error('all values should be an instance of Encoder[]');
    }
    for (const value of values) adopt(this, value);
    return this;
  };
  proto['size'] = function (this: EncoderState): number {
    return (this.partsLength ?? 0) + this.offset;
  };
  Object.defineProperty(proto, 'buffer', {
    configurable: true,
    get(this: EncoderState): Buffer {
      if (this.parts === undefined) return this.buf.subarray(0, this.offset);
      const whole = joinParts(this);
      // Joined once: reading again (or writing this encoder into another) reuses the result.
      this.parts = undefined;
      this.partsLength = undefined;
      this.buf = whole;
      this.offset = whole.length;
      return whole;
    },
  });
  proto[PATCHED] = true;
  return true;
}

/** Patches the Encoder of the kafkajs this package uses; false when kafkajs has no such module (another version). */
export function useKafkajsEncoderParts(): boolean {
  let Encoder: unknown;
  try {
    // This module's own require: under a test runner, the runner's copy of kafkajs is the one patched.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Encoder = require('kafkajs/src/protocol/encoder') as unknown;
  } catch {
    return false;
  }
  return typeof Encoder === 'function' && patchKafkajsEncoder(Encoder as unknown as KafkajsEncoderClass);
}
