import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';

/** Structured logs: one JSON object per line unless LOG_FORMAT=text. Every process of coop-ledger logs this way. */
export function createLogger(format: 'json' | 'text' = 'json', logLevels: LogLevel[] = ['fatal', 'error', 'warn', 'log']): LoggerService {
  return new ConsoleLogger({ json: format === 'json', colors: format === 'text', logLevels });
}
