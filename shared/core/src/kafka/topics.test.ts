import { allTopicNames, TopicNameError, topicNames } from './topics';

describe('topicNames', () => {
  it.each([
    [undefined, 'daytwo.logs.raw', 'daytwo.deadletter'],
    ['', 'daytwo.logs.raw', 'daytwo.deadletter'],
    ['t_1', 't_1.daytwo.logs.raw', 't_1.daytwo.deadletter'],
    ['a.b-c', 'a.b-c.daytwo.logs.raw', 'a.b-c.daytwo.deadletter'],
  ])('prefix %p', (prefix, logsRaw, deadLetter) => {
    const names = topicNames(prefix);
    expect(names.logsRaw).toBe(logsRaw);
    expect(names.deadLetter).toBe(deadLetter);
  });

  it('names the six pipeline topics', () => {
    expect(allTopicNames()).toEqual([
      'daytwo.logs.raw',
      'daytwo.logs.enriched',
      'daytwo.metrics.raw',
      'daytwo.metrics.processed',
      'daytwo.anomalies',
      'daytwo.deadletter',
    ]);
  });

  it.each(['has space', 'slash/no', 'ü', 'x'.repeat(201)])('rejects prefix %p', (prefix) => {
    expect(() => topicNames(prefix)).toThrow(TopicNameError);
  });
});
