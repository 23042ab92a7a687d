/**
 * kafkajs 2.2.4 arms a timer with a negative delay on Node 24 (tulios/kafkajs#1751): harmless, but Node would print
 * a TimeoutNegativeWarning on stderr for every command. This one warning is dropped; all others are printed.
 */
export function dropKafkajsTimerWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === 'TimeoutNegativeWarning') return;
    emit(warning, ...rest);
  };
}
