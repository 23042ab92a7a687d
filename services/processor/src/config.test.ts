import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@daytwo/core';
import { processorServiceConfigSchema } from './config';

const FIXTURES = join(__dirname, 'plugins', 'fixtures');
const REPO = join(__dirname, '../../..');
const schema = processorServiceConfigSchema({ configDir: FIXTURES, cwd: REPO });

/** Loads YAML text as if it were `<fixtures>/processor.yaml`. */
function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return loadConfig(schema, { file: join(FIXTURES, 'processor.yaml'), readFile: () => yaml, env });
}

function problems(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

const KAFKA = "kafka: { brokers: ['127.0.0.1:9092'] }\n";

describe('processor config', () => {
  it('loads the shipped config/processor.yaml', () => {
    const text = readFileSync(join(REPO, 'config', 'processor.yaml'), 'utf8');
    const config = load(text);
    expect(config.pipelines.logs.processors.map((p) => p.type)).toEqual([
      'parse-json',
      'parse-logfmt',
      'normalize',
      'log-templates',
      'log-anomalies',
    ]);
    expect(config.state.redis?.url).toBe('redis://127.0.0.1:6379');
  });

  it('applies defaults', () => {
    const config = load(KAFKA);
    expect(config.pipelines.logs).toMatchObject({ enabled: true, processors: [] });
    expect(config.pipelines.metrics.consumer.groupId).toBe('daytwo-processor-metrics');
    expect(config.batch.maxRecords).toBe(2000);
    expect(config.state.redis).toBeUndefined();
  });

  it('accepts a chain with a plugin loaded relative to the config file', () => {
    const config = load(`${KAFKA}
plugins: [./upper-cjs]
pipelines:
  logs:
    processors:
      - { type: parse-json, maxDepth: 4 }
      - { type: upper, suffix: '!' }
      - { type: filter, name: only-errors, action: keep, conditions: [{ field: log.level, equals: error }] }
`);
    expect(config.pipelines.logs.processors[1]).toEqual({ type: 'upper', suffix: '!' });
  });

  it.each([
    {
      name: "a processor's own key",
      yaml: 'pipelines: { logs: { processors: [{ type: normalize }, { type: parse-json }, { type: filter, action: drop, conditions: [{ field: 3, exists: true }] }] } }',
      expected: ['pipelines.logs.processors[2].conditions[0].field: expected string, received number'],
    },
    {
      name: 'an unknown key of a processor',
      yaml: 'pipelines: { logs: { processors: [{ type: parse-json, maxDepht: 3 }] } }',
      expected: [
        'pipelines.logs.processors[0].maxDepht: unknown key "maxDepht" (parse-json knows: source, target, maxDepth, maxFields, promote, unstructured)',
      ],
    },
    {
      name: 'an unknown type',
      yaml: 'pipelines: { logs: { processors: [{ type: prase-json }] } }',
      expected: [
        expect.stringMatching(
          /^pipelines\.logs\.processors\[0\]\.type: unknown processor type "prase-json" \(known: .*parse-json/,
        ),
      ],
    },
    {
      name: 'a type of the other pipeline',
      yaml: 'pipelines: { metrics: { processors: [{ type: normalize }] } }',
      expected: [
        'pipelines.metrics.processors[0].type: processor type "normalize" does not run in metric pipelines (only log)',
      ],
    },
    {
      name: 'a name used twice',
      yaml: 'pipelines: { logs: { processors: [{ type: normalize }, { type: normalize }] } }',
      expected: [
        expect.stringMatching(
          /^pipelines\.logs\.processors\[1\]\.type: processor name "normalize" is already used by processors\[0\]/,
        ),
      ],
    },
    {
      name: 'a plugin that cannot be found',
      yaml: 'plugins: [./nope]',
      expected: [expect.stringMatching(/^plugins\[0\]: cannot find module "\.\/nope" relative to .*fixtures/)],
    },
    {
      name: 'a plugin that is no processor',
      yaml: 'plugins: [./upper-cjs, ./bad-shape]',
      expected: [expect.stringMatching(/^plugins\[1\]: export `default` is not a ProcessorDefinition/)],
    },
    {
      name: 'no pipeline enabled',
      yaml: 'pipelines: { logs: { enabled: false }, metrics: { enabled: false } }',
      expected: ['pipelines: enable at least one pipeline (logs or metrics)'],
    },
    {
      name: 'a disabled pipeline is not checked',
      yaml: 'pipelines: { metrics: { enabled: false, processors: [{ type: nope }] } }',
      expected: [],
    },
  ])('names the key of $name', ({ yaml, expected }) => {
    expect(problems(`${KAFKA}${yaml}\n`)).toEqual(expected);
  });

  it('takes overrides from the environment', () => {
    const config = load(KAFKA, { DAYTWO__STATE__REDIS__URL: 'redis://redis:6379', DAYTWO__BATCH__MAX_RECORDS: '10' });
    expect(config.state.redis?.url).toBe('redis://redis:6379');
    expect(config.batch.maxRecords).toBe(10);
  });
});
