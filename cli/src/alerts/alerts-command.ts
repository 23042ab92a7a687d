import { listFailedDeliveries, retryDeliveries, type FailedDelivery } from '@daytwo/alerter';
import type { CliConfig } from '../config';
import { causeText, CliError, UnreachableError, UsageError } from '../errors';
import type { Output } from '../output';
import { table } from '../table';
import { deliveryQueueOptions } from './delivery-queues';

export interface AlertsOptions {
  json: boolean;
  all: boolean;
}

function answerOf(d: FailedDelivery): string {
  const r = d.response;
  if (!r) return d.failedReason;
  if (r.status === undefined) return r.error ?? d.failedReason;
  return `HTTP ${r.status}${r.body ? `: ${r.body}` : ''}`;
}

/** Redis failures inside the alerter's admin functions come as plain errors: name the server. */
async function adminCall<T>(config: CliConfig, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new UnreachableError(`alerter queues in Redis at ${config.alerter.redis.url}: ${causeText(err)}`);
  }
}

/** `daytwo alerts list|retry`: failed deliveries with the receiver's answer; retry some or all. */
export async function alertsCommand(
  config: CliConfig,
  action: string | undefined,
  ids: string[],
  options: AlertsOptions,
  output: Output,
): Promise<number> {
  if (action !== 'list' && action !== 'retry') throw new UsageError(`alerts ${action ?? ''}: expected list or retry`);
  const queues = await deliveryQueueOptions(config);
  if (action === 'list') {
    if (ids.length > 0) throw new UsageError('alerts list takes no ids');
    const failed = queues.destinations.length === 0 ? [] : await adminCall(config, () => listFailedDeliveries(queues));
    if (options.json) output.out(JSON.stringify(failed, null, 2));
    else if (failed.length === 0)
      output.out(`No failed deliveries (destinations: ${queues.destinations.join(', ') || 'none found'}).`);
    else {
      output.out(
        table(
          ['ID', 'DESTINATION', 'STATUS', 'ATTEMPTS', 'FAILED AT', 'TITLE', "RECEIVER'S ANSWER"],
          failed.map((d) => [
            d.id,
            d.destination,
            d.alertStatus,
            String(d.attemptsMade),
            d.failedAt ?? '',
            d.title,
            answerOf(d).replace(/\s+/g, ' ').slice(0, 100),
          ]),
        ),
      );
      output.out('\nnpx daytwo alerts retry <ID>... (or --all) delivers them again.');
    }
    return 0;
  }
  if (ids.length === 0 && !options.all)
    throw new UsageError('alerts retry needs delivery ids (see alerts list) or --all');
  if (ids.length > 0 && options.all) throw new UsageError('alerts retry takes ids or --all, not both');
  const outcome = await adminCall(config, () => retryDeliveries(queues, options.all ? 'all' : ids));
  if (options.json) output.out(JSON.stringify(outcome, null, 2));
  else {
    output.out(
      `retried ${outcome.retried.length}: the running alerter delivers ${outcome.retried.length === 1 ? 'it' : 'them'} now`,
    );
    for (const id of outcome.retried) output.out(`  ${id}`);
  }
  const problems = [
    ...outcome.notFound.map((id) => `${id}: no such delivery`),
    ...outcome.notFailed.map((id) => `${id}: not failed (waiting, running or delivered)`),
  ];
  if (problems.length > 0) {
    throw new CliError(problems.length === 1 ? problems[0]! : `${problems[0]!} (and ${problems.length - 1} more)`);
  }
  return 0;
}
