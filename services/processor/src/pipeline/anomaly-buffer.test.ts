import { decodeEnvelope, type AnomalyEvent } from '@daytwo/core';
import { AnomalyBuffer, anomalyMessages } from './anomaly-buffer';

const event = (id: string): AnomalyEvent => ({
  schema_version: 1,
  id,
  '@timestamp': '2026-01-01T00:00:00.000Z',
  source: 'log',
  detector: 'test',
  score: 0.9,
  reason: 'r',
  status: 'firing',
});

describe('AnomalyBuffer', () => {
  const errors: string[] = [];
  const logger = { error: (_obj: object, msg?: string) => void errors.push(msg ?? '') };
  beforeEach(() => errors.splice(0));

  it.each([
    { name: 'keeps valid events in order', add: [event('a'), event('b')], kept: ['a', 'b'], logged: [] },
    {
      name: 'drops an invalid event and logs it',
      add: [event('a'), { ...event('b'), score: 2 }],
      kept: ['a'],
      logged: ['processor emitted an invalid anomaly'],
    },
    {
      name: 'drops the oldest past the bound',
      add: [event('a'), event('b'), event('c')],
      kept: ['b', 'c'],
      logged: ['anomaly buffer full: dropped the oldest events'],
    },
  ])('$name', ({ add, kept, logged }) => {
    const buffer = new AnomalyBuffer(logger, 2);
    for (const e of add) buffer.add(e, 'p');
    expect(buffer.take().map((e) => e.id)).toEqual(kept);
    expect(buffer.take()).toEqual([]);
    expect(errors).toEqual(logged);
  });

  it('puts unpublished events back in front', () => {
    const buffer = new AnomalyBuffer(logger);
    buffer.add(event('a'), 'p');
    const taken = buffer.take();
    buffer.add(event('b'), 'p');
    buffer.putBack(taken);
    expect(buffer.take().map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('keys each event message by its id', () => {
    const messages = anomalyMessages([event('a'), event('b')]);
    expect(messages.map((m) => [m.key, (decodeEnvelope(m.value as Buffer).records[0] as AnomalyEvent).id])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });
});
