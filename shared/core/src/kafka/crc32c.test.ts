import { randomBytes } from 'node:crypto';
import { Module } from 'node:module';
import { crc32c } from './crc32c';
import { KAFKAJS_CRC32C_MODULE, useFastKafkajsCrc32c } from './kafkajs-crc32c';

// kafkajs' own implementation: the reference.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;

describe('crc32c', () => {
  it('gives the CRC-32C check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it.each([0, 1, 7, 8, 9, 15, 16, 17, 100, 4097, 70_000])(
    'matches kafkajs on %i random bytes at any alignment',
    (length) => {
      const data = randomBytes(length + 8);
      for (let offset = 0; offset < 8; offset++) {
        const view = data.subarray(offset, offset + length);
        expect(crc32c(view)).toBe(kafkajsCrc32c(view));
      }
    },
  );
});

describe('useFastKafkajsCrc32c', () => {
  const path = '/x/node_modules/kafkajs/src/protocol/recordBatch/crc32C/crc32C.js';
  const resolve = (request: string) => {
    if (request !== KAFKAJS_CRC32C_MODULE) throw new Error(`unexpected ${request}`);
    return path;
  };

  it('puts the fast CRC in the module cache before kafkajs loads its own', () => {
    const cache: NodeJS.Dict<NodeJS.Module> = {};
    expect(useFastKafkajsCrc32c({ cache, resolve })).toBe(true);
    expect(cache[path]?.exports).toBe(crc32c);
    expect(useFastKafkajsCrc32c({ cache, resolve })).toBe(true);
  });

  it('leaves a module kafkajs loaded already alone', () => {
    const loaded = new Module(path);
    loaded.exports = () => 0;
    const cache: NodeJS.Dict<NodeJS.Module> = { [path]: loaded };
    expect(useFastKafkajsCrc32c({ cache, resolve })).toBe(false);
    expect(cache[path]).toBe(loaded);
  });

  it('does nothing without that kafkajs module', () => {
    const cache: NodeJS.Dict<NodeJS.Module> = {};
    const missing = () => {
      throw new Error('Cannot find module');
    };
    expect(useFastKafkajsCrc32c({ cache, resolve: missing })).toBe(false);
    expect(cache).toEqual({});
  });
});
