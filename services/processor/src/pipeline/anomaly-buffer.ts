import { AnomalyEvent, encodeEnvelope, type OutgoingMessage } from '@daytwo/core';

interface BufferLogger {
  error(obj: object, msg?: string): void;
}

/**
 * Anomaly events processors emit as a side output. They are published with the next batch's outputs, before its
 * offsets are committed (and once more at shutdown, after the processors closed); events that fail to publish are
 * put back and go out with a later batch. Memory is bounded:
 * past `maxEvents` the oldest are dropped (and logged).
 */
export class AnomalyBuffer {
  private events: AnomalyEvent[] = [];

  constructor(
    private readonly logger: BufferLogger,
    private readonly maxEvents = 10_000,
  ) {}

  /** Validates and queues one event; an invalid event is a processor bug: logged and dropped, never thrown. */
  add(event: unknown, processor: string): void {
    const parsed = AnomalyEvent.safeParse(event);
    if (!parsed.success) {
      this.logger.error({ processor, issues: parsed.error.issues.slice(0, 3) }, 'processor emitted an invalid anomaly');
      return;
    }
    this.events.push(parsed.data);
    if (this.events.length > this.maxEvents) {
      const lost = this.events.splice(0, this.events.length - this.maxEvents);
      this.logger.error({ lost: lost.length }, 'anomaly buffer full: dropped the oldest events');
    }
  }

  take(): AnomalyEvent[] {
    const taken = this.events;
    this.events = [];
    return taken;
  }

  /** Puts events that could not be published back in front. */
  putBack(events: readonly AnomalyEvent[]): void {
    this.events = [...events, ...this.events];
  }
}

/** One message per event, keyed by its id, so the firing and resolved events of one anomaly stay in order. */
export function anomalyMessages(events: readonly AnomalyEvent[]): OutgoingMessage[] {
  return events.map((event) => ({ key: event.id, value: encodeEnvelope('anomaly', [event]) }));
}
