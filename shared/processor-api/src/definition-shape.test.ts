import { z } from 'zod';
import { processorDefinitionProblems } from './definition-shape';
import { checkProcessorConfig, formatProcessorConfigIssues, parseProcessorConfig } from './processor-config';

const good = {
  type: 'my-proc',
  description: 'd',
  kinds: ['log'],
  configSchema: z.object({ field: z.string(), depth: z.number().default(1) }).strict(),
  create: () => ({ process: (b: unknown[]) => b }),
};

describe('processorDefinitionProblems', () => {
  it.each([
    { name: 'a valid definition', value: good, problems: [] },
    { name: 'a function', value: () => good, problems: [/expected an object, got function/] },
    { name: 'an upper-case type', value: { ...good, type: 'MyProc' }, problems: [/type must be/] },
    { name: 'unknown kinds', value: { ...good, kinds: ['trace'] }, problems: [/kinds must be/] },
    { name: 'empty kinds', value: { ...good, kinds: [] }, problems: [/kinds must be/] },
    { name: 'no schema', value: { ...good, configSchema: {} }, problems: [/configSchema/] },
    { name: 'no create', value: { ...good, create: undefined }, problems: [/create must be/] },
  ])('$name', ({ value, problems }) => {
    const found = processorDefinitionProblems(value);
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toMatch(p));
  });
});

describe('processor config', () => {
  it.each([
    { config: { field: 'a' }, lines: [] },
    { config: { field: 3 }, lines: ['my-proc.field: expected string, received number'] },
    { config: { field: 'a', feild: 'b' }, lines: ['my-proc.feild: unknown key "feild" (my-proc knows: field, depth)'] },
    { config: {}, lines: ['my-proc.field: expected string, received undefined'] },
  ])('$config', ({ config, lines }) => {
    const result = checkProcessorConfig(good, config);
    expect(result.ok ? [] : formatProcessorConfigIssues('my-proc', result.issues)).toEqual(lines);
  });

  it('roots issue paths where the service puts them', () => {
    const result = checkProcessorConfig(good, { field: 1 });
    expect(result.ok ? [] : formatProcessorConfigIssues('pipelines.logs.processors[2]', result.issues)).toEqual([
      'pipelines.logs.processors[2].field: expected string, received number',
    ]);
  });

  it('returns the parsed config with defaults', () => {
    expect(parseProcessorConfig(good, { field: 'x' })).toEqual({ field: 'x', depth: 1 });
    expect(() => parseProcessorConfig(good, { field: 1 })).toThrow('invalid config for processor my-proc');
  });
});
