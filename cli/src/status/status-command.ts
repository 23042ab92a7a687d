import { setTimeout as sleep } from 'node:timers/promises';
import { topicNames } from '@daytwo/core';
import type { Admin } from 'kafkajs';
import type { CliConfig } from '../config';
import { causeText, UnreachableError } from '../errors';
import { cliKafka, withAdmin } from '../kafka';
import type { Output } from '../output';
import { consumerLag, topicSize } from './consumer-lag';
import { renderStatus } from './render-status';
import { scrapeServices } from './scrape';
import { statusReport, type StatusSnapshot } from './status-report';

export interface StatusOptions {
  json: boolean;
  watch: boolean;
  intervalMs: number;
  /** Stops the watch loop (Ctrl-C). */
  signal?: AbortSignal;
}

async function snapshot(config: CliConfig, admin: Admin): Promise<StatusSnapshot> {
  const topics = topicNames(config.topicPrefix === '' ? undefined : config.topicPrefix);
  const [scrapes, lag, entries] = await Promise.all([
    scrapeServices(config),
    consumerLag(admin, Object.values(topics)).catch((err: unknown) => {
      throw new UnreachableError(`reading consumer offsets from Kafka failed: ${causeText(err)}`);
    }),
    topicSize(admin, topics.deadLetter),
  ]);
  return { at: Date.now(), scrapes, lag, deadLetterTopic: { topic: topics.deadLetter, entries } };
}

/**
 * `daytwo status`: two looks `intervalMs` apart (rates need two), printed as tables or JSON; with `watch`, a new look
 * every interval until stopped (exit 0). Exit code 1 when a service did not answer (after printing what is known).
 */
export async function statusCommand(config: CliConfig, options: StatusOptions, output: Output): Promise<number> {
  return withAdmin(cliKafka(config), config, async (admin) => {
    let previous = await snapshot(config, admin);
    for (;;) {
      try {
        await sleep(options.intervalMs, undefined, { signal: options.signal });
      } catch {
        return 0; // Ctrl-C: the operator stopped looking, nothing failed
      }
      const current = await snapshot(config, admin);
      const report = statusReport(current, previous, config.topicPrefix);
      previous = current;
      const text = options.json ? JSON.stringify(report, null, options.watch ? 0 : 2) : renderStatus(report);
      if (options.watch && output.isTTY && !options.json) output.out(`\x1b[2J\x1b[H${text}`);
      else output.out(text);
      const down = report.services.filter((s) => !s.up);
      if (!options.watch) {
        if (down.length > 0) {
          output.err(
            `daytwo: ${down.length} of ${report.services.length} services did not answer: ` +
              down.map((s) => `${s.service} (${s.url}: ${s.error ?? ''})`).join('; '),
          );
        }
        return down.length > 0 ? 1 : 0;
      }
    }
  });
}
