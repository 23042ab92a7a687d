import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogRecord } from '@daytwo/core';
import { compileHeaderFormat, LOGHUB_HEADER_FORMATS } from '../loghub/header-formats';

/** One system's lines as the processor would get them: content as message, the header's level when it has one. */
export interface LoghubLines {
  readonly system: string;
  readonly messages: string[];
  readonly levels: (string | undefined)[];
}

/** Every `<data>/<System>/*.log`; lines whose header does not match the system's format are kept whole. */
export async function readLoghubLines(dataDir: string): Promise<LoghubLines[]> {
  const systems = (await readdir(dataDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const out: LoghubLines[] = [];
  for (const system of systems.sort()) {
    const files = (await readdir(join(dataDir, system))).filter((f) => f.endsWith('.log')).sort();
    const format = LOGHUB_HEADER_FORMATS[system];
    const header = format === undefined ? undefined : compileHeaderFormat(format);
    const messages: string[] = [];
    const levels: (string | undefined)[] = [];
    for (const file of files) {
      for (const line of (await readFile(join(dataDir, system, file), 'utf8')).split('\n')) {
        if (line.trim() === '') continue;
        const groups = header?.exec(line.trim())?.groups;
        messages.push(groups?.Content ?? line.trim());
        levels.push(groups?.Level?.toLowerCase());
      }
    }
    if (messages.length > 0) out.push({ system, messages, levels });
  }
  return out;
}

const T0 = Date.UTC(2026, 0, 1);

/**
 * The records of one pass over every system, interleaved round-robin as partitions would deliver them. Each system is
 * one workload (a pod of a Deployment named after it) logging `perMinute` lines a minute of event time; pass `pass`
 * starts where the previous one ended and has its own record ids.
 */
export function loghubRecords(systems: readonly LoghubLines[], pass: number, perMinute: number): LogRecord[] {
  const longest = Math.max(...systems.map((s) => s.messages.length));
  const passMs = Math.ceil(longest / perMinute) * 60_000;
  const out: LogRecord[] = [];
  for (let i = 0; i < longest; i++) {
    for (const s of systems) {
      const message = s.messages[i];
      if (message === undefined) continue;
      const level = s.levels[i];
      const name = s.system.toLowerCase();
      out.push({
        schema_version: 1,
        '@timestamp': new Date(T0 + pass * passMs + Math.floor((i * 60_000) / perMinute)).toISOString(),
        message,
        ...(level === undefined ? {} : { log: { level } }),
        kubernetes: {
          namespace: 'loghub',
          pod: { name: `${name}-7d9c8b6f5d-x2x4q` },
          container: { name },
          workload: { kind: 'Deployment', name },
        },
        event: { id: `${s.system}-${pass}-${i}` },
      });
    }
  }
  return out;
}
