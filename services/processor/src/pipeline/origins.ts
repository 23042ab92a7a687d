import type { MessageOrigin } from '@daytwo/core';
import { ancestorIds, recordIdOf, type PipelineKind } from '@daytwo/processor-api';
import type { ValidInput } from './input-validation';

/**
 * Finds the Kafka message a (possibly derived) record came from, by its id: the same id, or the id it was derived
 * from with deriveRecordId. Used for output keys and for the source of dead-letter entries.
 */
export class OriginIndex {
  private readonly byId = new Map<string, MessageOrigin>();
  private readonly first: MessageOrigin | undefined;

  constructor(
    private readonly kind: PipelineKind,
    inputs: readonly ValidInput<unknown>[],
  ) {
    for (const input of inputs) {
      const id = recordIdOf(kind, input.record);
      if (id !== undefined && !this.byId.has(id)) this.byId.set(id, input.origin);
    }
    this.first = inputs[0]?.origin;
  }

  /** The origin, or undefined for a record whose id does not lead back to an input. */
  find(record: unknown): MessageOrigin | undefined {
    const id = recordIdOf(this.kind, record);
    if (id === undefined) return undefined;
    const exact = this.byId.get(id);
    if (exact) return exact;
    for (const ancestor of ancestorIds(id)) {
      const origin = this.byId.get(ancestor);
      if (origin) return origin;
    }
    return undefined;
  }

  /** The origin, else the batch's first message (the closest thing to a source there is). */
  findOrFirst(record: unknown): MessageOrigin | undefined {
    return this.find(record) ?? this.first;
  }
}
