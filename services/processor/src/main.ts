import { dirname, resolve } from 'node:path';
import { findConfigFile, runService, type RunServiceOptions } from '@daytwo/core';
import { processorServiceConfigSchema } from './config';
import type { PluginDirs } from './plugins/plugin-loader';
import { startProcessor } from './service';

export const PROCESSOR_SERVICE_NAME = 'processor';

export type RunProcessorServiceOptions = Pick<
  RunServiceOptions<ReturnType<typeof processorServiceConfigSchema>>,
  'argv' | 'env' | 'exit' | 'shutdownTimeoutMs'
> & { cwd?: string };

/** Plugin paths are relative to the config file's directory (the working directory without a file). */
export function pluginDirs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): PluginDirs {
  let file: string | undefined;
  try {
    file = findConfigFile(argv, env);
  } catch {
    file = undefined; // runService reports the bad --config argument itself
  }
  return { configDir: file === undefined ? cwd : dirname(resolve(cwd, file)), cwd };
}

/** The processor service: config (`--config` / DAYTWO_CONFIG), plugins, pipelines, graceful shutdown. */
export function runProcessorService(options: RunProcessorServiceOptions = {}) {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const dirs = pluginDirs(argv, env, options.cwd ?? process.cwd());
  return runService({
    ...options,
    argv,
    env,
    name: PROCESSOR_SERVICE_NAME,
    configSchema: processorServiceConfigSchema(dirs),
    start: (ctx) => startProcessor(ctx, dirs),
  });
}

if (require.main === module) {
  runProcessorService().catch((err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${PROCESSOR_SERVICE_NAME}: ${text}\n`);
    process.exit(1);
  });
}
