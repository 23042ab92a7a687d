import { ancestorIds, deriveRecordId, recordIdOf } from './record-id';

describe('record ids', () => {
  it.each([
    { kind: 'log' as const, record: { event: { id: 'L1' } }, id: 'L1' },
    { kind: 'log' as const, record: { id: 'wrong-place' }, id: undefined },
    { kind: 'log' as const, record: { event: { id: '' } }, id: undefined },
    { kind: 'metric' as const, record: { id: 'M1' }, id: 'M1' },
    { kind: 'metric' as const, record: { event: { id: 'L1' } }, id: undefined },
    { kind: 'metric' as const, record: null, id: undefined },
  ])('finds the $kind id of %j', ({ kind, record, id }) => {
    expect(recordIdOf(kind, record)).toBe(id);
  });

  it('derives ids deterministically and traces them back', () => {
    const child = deriveRecordId(deriveRecordId('abc', 1), 'req');
    expect(child).toBe('abc#1#req');
    expect(deriveRecordId('abc', 1)).toBe(deriveRecordId('abc', 1));
    expect([...ancestorIds(child)]).toEqual(['abc#1', 'abc']);
    expect([...ancestorIds('plain')]).toEqual([]);
  });
});
