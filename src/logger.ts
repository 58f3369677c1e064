import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that could hold personal data or secrets if a body or header were ever logged. Request
 * bodies are not logged at all; this is the second line of defence.
 */
const PERSONAL = ['idNumber', 'phone', 'address', 'name', 'accountId', 'text'];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'piiKey',
  'auditKey',
  ...PERSONAL.flatMap((f) => [
    `complainant.${f}`,
    `body.complainant.${f}`,
    `req.body.complainant.${f}`,
    `*.complainant.${f}`,
    `items[*].complainant.${f}`,
    `body.items[*].complainant.${f}`,
  ]),
  'body.idNumber',
  'body.phone',
  'body.accountId',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'sieve' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
