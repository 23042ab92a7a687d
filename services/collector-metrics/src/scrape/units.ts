import { z } from 'zod';

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+)(ms|s|m|h|d)/g;

/** Milliseconds of a Prometheus-style duration (`15s`, `1m30s`, `500ms`), or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * DURATION_UNITS_MS[unit!]!;
  return total;
}

/** A duration written as in Prometheus (`15s`, `1m30s`, `500ms`), parsed to milliseconds. */
export const Duration = z.string().transform((text, ctx) => {
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive duration like 15s, 1m30s or 500ms` });
    return z.NEVER;
  }
  return ms;
});

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};
const SIZE = /^(\d+)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/;

/** Bytes of a size like `10MiB`, `512KB` or `2048B`, or undefined when it is not one. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * SIZE_UNITS[match[2]!]!;
}

/** A byte count: a positive integer, or a string with a unit (`10MiB`, `512KB`). */
export const ByteSize = z.union([
  z.number().int().positive(),
  z.string().transform((text, ctx) => {
    const bytes = parseByteSize(text);
    if (bytes === undefined || bytes <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected a size like 10MiB, 512KB or a number of bytes' });
      return z.NEVER;
    }
    return bytes;
  }),
]);
