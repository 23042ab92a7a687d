export type LogStream = 'stdout' | 'stderr';

export const LOG_EVENT_KINDS = [
  'plain',
  'json',
  'java',
  'python',
  'go',
  'url-password',
  'bearer-token',
  'card-number',
  'json-secret',
  'partial',
] as const;
export type LogEventKind = (typeof LOG_EVENT_KINDS)[number];

/** What the pipeline (collector, parse-json, normalize, redact) must make of an event. */
export interface ExpectedLog {
  message: string;
  /** `log.level` after normalize. */
  level?: string;
  /** Must be present in `attributes` (deep equality per key). */
  attributes?: Record<string, unknown>;
  /** Must appear nowhere in the stored document. */
  secrets?: string[];
  /** Must be among `log.flags`. */
  flags?: string[];
}

/** One logical log line: one physical line, or several (a stack trace), or one split by the runtime in parts. */
export interface LogEvent {
  /** `<tag>-<n>`: in the message as `seq=<seq>`, or in a JSON body as `"seq"` (then `attributes.seq`). */
  seq: string;
  kind: LogEventKind;
  stream: LogStream;
  /** Physical lines, without newlines (bytes for content that is not valid UTF-8). */
  lines: (string | Buffer)[];
  /** Parts each physical line is split into by the runtime (CRI `P`…`F`, json-file lines without `\n`). */
  parts: number;
  expected: ExpectedLog;
}

const SEQ_IN_TEXT = /seq=([a-z0-9]+-\d+)/;

/** The sequence key of a stored log document (`attributes.seq`, else `seq=` in the message). */
export function seqOfDocument(doc: { message?: unknown; attributes?: Record<string, unknown> }): string | undefined {
  const fromBody = doc.attributes?.['seq'];
  if (typeof fromBody === 'string') return fromBody;
  return typeof doc.message === 'string' ? SEQ_IN_TEXT.exec(doc.message)?.[1] : undefined;
}

/** JSON body levels as applications write them, and what normalize makes of them. */
const LEVELS: readonly [unknown, string][] = [
  ['info', 'info'],
  ['WARNING', 'warn'],
  ['error', 'error'],
  [30, 'info'],
  ['debug', 'debug'],
  ['err', 'error'],
];

/** Makes the events of one test: each with its own sequence key `<tag>-<n>`. */
export class LogEventFactory {
  private n = 0;

  constructor(readonly tag: string) {
    if (!/^[a-z0-9]+$/.test(tag)) throw new Error(`event tag ${tag} must be [a-z0-9]+`);
  }

  /** The next sequence key, for an event the test builds itself. */
  nextSeq(): string {
    return `${this.tag}-${this.n++}`;
  }

  /** A realistic mix: mostly plain and JSON lines, every other kind regularly. */
  mixed(): LogEvent {
    const i = this.n;
    const rare = LOG_EVENT_KINDS.slice(2);
    if (i % 5 === 4) return this.make(rare[Math.floor(i / 5) % rare.length]!);
    return this.make(i % 2 === 0 ? 'plain' : 'json');
  }

  make(kind: LogEventKind): LogEvent {
    const n = this.n;
    const seq = this.nextSeq();
    const single = (message: string, expected: Partial<ExpectedLog> = {}, stream: LogStream = 'stdout') => ({
      seq,
      kind,
      stream,
      lines: [message],
      parts: 1,
      expected: { message, ...expected },
    });
    switch (kind) {
      case 'plain':
        return single(`seq=${seq} GET /api/orders/${n} 200 ${n % 97}ms`, {}, n % 7 === 0 ? 'stderr' : 'stdout');
      case 'json': {
        const [level, normalized] = LEVELS[n % LEVELS.length]!;
        const body = {
          seq,
          level,
          msg: `cache lookup for item ${n} done`,
          http: { method: 'GET', status: 200 + (n % 3) },
        };
        return single(JSON.stringify({ ...body, user: { id: n } }), {
          message: body.msg,
          level: normalized,
          attributes: { seq, http: body.http, user: { id: n } },
        });
      }
      case 'java':
        return trace(seq, kind, [
          `java.lang.IllegalStateException: order ${n} failed seq=${seq}`,
          '\tat com.shop.orders.OrderService.place(OrderService.java:42)',
          '\tat com.shop.api.OrderController.post(OrderController.java:17)',
          'Caused by: java.io.IOException: connection reset by peer',
          '\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:186)',
          '\t... 2 more',
        ]);
      case 'python':
        return trace(seq, kind, [
          'Traceback (most recent call last):',
          '  File "/app/orders/service.py", line 42, in place_order',
          '    total = compute_total(cart)',
          '  File "/app/orders/pricing.py", line 7, in compute_total',
          '    raise ValueError(f"negative quantity in cart {cart.id}")',
          `ValueError: negative quantity in cart ${n} seq=${seq}`,
        ]);
      case 'go':
        return trace(seq, kind, [
          `panic: runtime error: index out of range [${n % 9}] with length 3 seq=${seq}`,
          '',
          'goroutine 1 [running]:',
          'main.handleOrder(0xc000012345)',
          '\t/app/cmd/orders/main.go:42 +0x1d',
          'main.main()',
          '\t/app/cmd/orders/main.go:17 +0x25',
        ]);
      case 'url-password': {
        const secret = `S3cr3t-${n}-pw`;
        return single(`seq=${seq} connecting to postgres://orders:${secret}@db.shop.svc:5432/orders`, {
          message: `seq=${seq} connecting to postgres://orders:[REDACTED]@db.shop.svc:5432/orders`,
          secrets: [secret],
        });
      }
      case 'bearer-token': {
        const secret = `tk${n}x9f8e7d6c5b4a39281706f5e4d3c2b1a0`;
        return single(`seq=${seq} calling payments with Bearer ${secret} now`, {
          message: `seq=${seq} calling payments with Bearer [REDACTED] now`,
          secrets: [secret],
        });
      }
      case 'card-number':
        return single(`seq=${seq} charge accepted for card 4111 1111 1111 1111 amount ${n}`, {
          message: `seq=${seq} charge accepted for card [REDACTED] amount ${n}`,
          secrets: ['4111 1111 1111 1111'],
        });
      case 'json-secret': {
        const secret = `Pa55-${n}-word`;
        const body = { seq, level: 'info', msg: 'database pool ready', dsn: `mysql://root:${secret}@mysql:3306/shop` };
        return single(JSON.stringify(body), {
          message: body.msg,
          level: 'info',
          attributes: { seq, dsn: 'mysql://root:[REDACTED]@mysql:3306/shop' },
          secrets: [secret],
        });
      }
      case 'partial': {
        // Docker splits lines over 16 KiB; a few parts of a ~20 KiB line.
        const message = `seq=${seq} big payload ${'abcdefghij'.repeat(2000)} end`;
        return { ...single(message, { flags: ['partial_reassembled'] }), parts: 3 };
      }
    }
  }
}

function trace(seq: string, kind: LogEventKind, lines: string[]): LogEvent {
  return {
    seq,
    kind,
    stream: 'stderr',
    lines,
    parts: 1,
    expected: { message: lines.join('\n'), flags: ['multiline'] },
  };
}
