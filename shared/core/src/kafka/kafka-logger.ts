import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

type LogMethod = (obj: object, msg?: string) => void;

/** The subset of a pino logger the Kafka helpers need; a pino `Logger` satisfies it. */
export interface PinoLikeLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
}

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

export const KAFKAJS_LOG_LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** Routes kafkajs log entries to a pino-style logger, keeping kafkajs' structured fields. */
export function kafkaLogCreator(logger: PinoLikeLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const obj = { component: 'kafkajs', namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(obj, message);
      else if (level === logLevel.WARN) logger.warn(obj, message);
      else if (level === logLevel.INFO) logger.info(obj, message);
      else logger.debug(obj, message);
    };
}
