import { open } from 'node:fs/promises';

/**
 * Container log lines as containerd writes them (`<RFC 3339 nano> <stream> F <message>`), about 200 bytes each: a mix
 * of JSON bodies (quotes to escape), plain text with a logger prefix, and some stderr, with a sequence number in every
 * line so that a line can be recognised downstream.
 */
const PATHS = ['/api/v1/orders', '/api/v1/users/me', '/healthz', '/api/v1/cart/items', '/static/app.js'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const CLASSES = ['c.e.shop.OrderController', 'c.e.shop.CartService', 'c.e.shop.PaymentGateway'];

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The message of line `seq` (without the CRI header); `t` is the write time in ms, echoed for latency checks. */
export function messageOf(seq: number, t: number): string {
  const kind = seq % 10;
  if (kind < 5) {
    const path = PATHS[seq % PATHS.length]!;
    const method = METHODS[seq % METHODS.length]!;
    const status = seq % 97 === 0 ? 500 : 200;
    return (
      `{"level":"info","ts":${t},"msg":"request completed","method":"${method}","path":"${path}/${seq % 9973}",` +
      `"status":${status},"duration_ms":${(seq % 1000) / 10},"user_agent":"kube-probe/1.30","seq":${seq}}`
    );
  }
  if (seq % 100 === 7) {
    // A line the Java multiline rule looks at (it names an exception) but that starts no stack trace.
    return pad(
      `2026-05-01 12:00:00.${String(seq % 1000).padStart(3, '0')} WARN [pool-2-thread-${seq % 8}] o.h.engine.jdbc.spi.SqlExceptionHelper - SQL Error: 0, SQLState: 08003 seq=${seq} t=${t}`,
      160,
    );
  }
  const cls = CLASSES[seq % CLASSES.length]!;
  const text =
    `2026-05-01 12:00:00.${String(seq % 1000).padStart(3, '0')} INFO [http-nio-8080-exec-${seq % 16}] ${cls} - ` +
    `order ${seq * 7} placed by user ${seq % 8821} total=${(seq % 50000) / 100} items=${seq % 9} seq=${seq} t=${t}`;
  return pad(text, 160);
}

export function streamOf(seq: number): 'stdout' | 'stderr' {
  return seq % 10 === 9 ? 'stderr' : 'stdout';
}

/** `2026-05-01T12:00:00.123456789Z` of a time in ms plus a nanosecond part, as the runtime writes it. */
export function criTimestamp(ms: number, nanos = 0): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(nanos % 1_000_000).padStart(6, '0')}Z`;
}

export function criLine(seq: number, ms: number, nanos = 0): string {
  return `${criTimestamp(ms, nanos)} ${streamOf(seq)} F ${messageOf(seq, ms)}\n`;
}

/** Writes `lines` lines to `path`; returns the file size in bytes. */
export async function writeCriFile(
  path: string,
  lines: number,
  startMs = Date.parse('2026-05-01T12:00:00Z'),
): Promise<number> {
  const file = await open(path, 'w');
  let bytes = 0;
  try {
    const perWrite = 20_000;
    for (let i = 0; i < lines; i += perWrite) {
      let text = '';
      for (let seq = i; seq < Math.min(lines, i + perWrite); seq++) {
        // One line per microsecond of log time.
        text += criLine(seq, startMs + Math.floor(seq / 1000), (seq % 1000) * 1000);
      }
      const buffer = Buffer.from(text);
      await file.write(buffer);
      bytes += buffer.length;
    }
  } finally {
    await file.close();
  }
  return bytes;
}
