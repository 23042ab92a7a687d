import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchChild, waitUntil } from '../logs/process-stats';

/** The target-server process and the addresses of its targets. */
export interface SyntheticTargets {
  child: BenchChild;
  addresses: string[];
}

/** Starts `target-server.js` (built next to this file); its output goes to `<workDir>/targets.log`. */
export async function startSyntheticTargets(
  targets: number,
  series: number,
  workDir: string,
): Promise<SyntheticTargets> {
  const logPath = join(workDir, 'targets.log');
  const child = BenchChild.start(
    'targets',
    process.execPath,
    [join(__dirname, 'target-server.js'), String(targets), String(series)],
    logPath,
  );
  const addresses = await waitUntil(
    'synthetic targets listening',
    () => {
      const line = existsSync(logPath)
        ? readFileSync(logPath, 'utf8')
            .split('\n')
            .find((l) => l.startsWith('{'))
        : '';
      return Promise.resolve(line ? (JSON.parse(line) as { addresses: string[] }).addresses : undefined);
    },
    { timeoutMs: 30_000, intervalMs: 100, alive: () => child.running },
  );
  return { child, addresses };
}
