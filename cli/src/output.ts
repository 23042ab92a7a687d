/** Where a command writes: stdout for results, stderr for problems (tests capture both). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (the watch view then redraws in place). */
  isTTY: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTTY: process.stdout.isTTY === true,
};
