import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RunSettings, ServiceName } from './run-settings';

/** Writes the `npx daytwo --config` file that points the operator CLI at this run. */
export function writeCliConfig(run: RunSettings, serviceUrls: Record<ServiceName, string>): string {
  const file = join(run.dir, 'cli.yaml');
  const { names, stack } = run;
  const config = {
    kafka: { brokers: stack.kafkaBrokers },
    topicPrefix: names.topicPrefix,
    services: serviceUrls,
    elasticsearch: { url: stack.elasticsearchUrl, indexPrefix: names.indexPrefix },
    alerter: { redis: { url: stack.redisUrl, prefix: names.alerterRedisPrefix } },
  };
  writeFileSync(
    file,
    `# The operator CLI's view of this demo run: npx daytwo <command> --config ${file}\n${stringify(config)}`,
  );
  return file;
}
