import type { LogFields, Logger } from '@gprelay/shared';

const RANK = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevel = keyof typeof RANK;

/**
 * One readable line per event for IT (`2026-11-25T10:00:00.000Z INFO message key=value`),
 * or JSON lines for log shippers. Callers must not pass secrets in fields.
 */
export function createLogger(options: {
  level: LogLevel;
  format?: 'text' | 'json';
  write?: (line: string) => void;
  now?: () => number;
}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (RANK[level] > RANK[options.level]) return;
      const time = new Date(now()).toISOString();
      if (options.format === 'json') {
        write(JSON.stringify({ time, level, message, ...fields }));
        return;
      }
      const pairs = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${formatValue(v)}`);
      write([time, level.toUpperCase().padEnd(5), message, ...pairs].join(' '));
    };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(text ?? '') ? JSON.stringify(text) : String(text);
}
