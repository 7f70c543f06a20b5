/** Structured log fields. Never put secrets here: loggers do not redact for you. */
export type LogFields = Record<string, unknown>;

/** The narrow logging interface our code depends on; each app adapts its own sink. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
