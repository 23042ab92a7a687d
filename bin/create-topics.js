#!/usr/bin/env node
// Creates the pipeline's Kafka topics that do not exist yet (the Kubernetes Job create-topics):
//   node bin/create-topics.js [--config <a service's config file>]
// The connection is a service config's `kafka` section and `topicPrefix` (the file is optional), with the services'
// DAYTWO__ overrides and ${file:}/${env:} references. The topics' settings come from
//   DAYTWO_TOPICS_PARTITIONS (default 6)          DAYTWO_TOPICS_REPLICATION_FACTOR (default -1: the broker's)
//   DAYTWO_TOPICS_RETENTION_MS (the broker's)     DAYTWO_TOPICS_MIN_INSYNC_REPLICAS (the broker's)
// Existing topics are left as they are: a partition count is never changed (keys would move). Prints
// {"created":[...],"existing":[...]}; exit code 0 done, 2 invalid settings, 1 Kafka failure (the Job retries).
'use strict';
const core = require('@daytwo/core');
const { z } = require('zod');

/** The part of a service config the Job uses; the rest of the file is ignored. */
const JobConfig = z.object({ kafka: core.KafkaConnectionConfig, topicPrefix: z.string().default('') }).loose();

class TopicSettingsError extends Error {
  name = 'TopicSettingsError';
}

const SETTINGS = [
  { key: 'partitions', variable: 'DAYTWO_TOPICS_PARTITIONS', min: 1, fallback: 6 },
  { key: 'replicationFactor', variable: 'DAYTWO_TOPICS_REPLICATION_FACTOR', min: -1, fallback: -1 },
  { key: 'retentionMs', variable: 'DAYTWO_TOPICS_RETENTION_MS', min: -1 },
  { key: 'minInsyncReplicas', variable: 'DAYTWO_TOPICS_MIN_INSYNC_REPLICAS', min: 1 },
];

/** Topic settings from DAYTWO_TOPICS_* variables; a bad value throws TopicSettingsError naming the variable. */
function topicSettingsFromEnv(env) {
  const settings = {};
  for (const { key, variable, min, fallback } of SETTINGS) {
    const raw = (env[variable] ?? '').trim();
    if (raw === '') {
      if (fallback !== undefined) settings[key] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || (key === 'replicationFactor' && value === 0)) {
      const expected = key === 'replicationFactor' ? '-1 or a positive integer' : `an integer of at least ${min}`;
      throw new TopicSettingsError(`${variable}: expected ${expected}, got ${JSON.stringify(raw)}`);
    }
    settings[key] = value;
  }
  return settings;
}

/** One spec per pipeline topic (raw and enriched logs, raw and processed metrics, anomalies, dead letters). */
function topicSpecs(prefix, settings) {
  return core.allTopicNames(prefix === '' ? undefined : prefix).map((name) => ({ name, ...settings }));
}

const SETTINGS_ERRORS = [core.ConfigError, core.KafkaConfigError, core.TopicNameError, TopicSettingsError];

async function main(argv = process.argv.slice(2), env = process.env) {
  let kafka, specs;
  try {
    const config = core.loadConfig(JobConfig, { file: core.findConfigFile(argv, env), env });
    specs = topicSpecs(config.topicPrefix, topicSettingsFromEnv(env));
    kafka = core.createKafka(config.kafka);
  } catch (err) {
    if (!SETTINGS_ERRORS.some((type) => err instanceof type)) throw err;
    process.stderr.write(`create-topics: ${err.message}\n`);
    return 2;
  }
  const result = await core.ensureTopics(kafka, specs, { timeoutMs: 30_000 });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

module.exports = { JobConfig, TopicSettingsError, topicSettingsFromEnv, topicSpecs };

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`create-topics: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
