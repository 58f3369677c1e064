/**
 * Domain errors carry a stable code and an HTTP status; one error handler maps them to the
 * contract's error shape. Domain code throws these and never touches the reply.
 */
export interface ErrorDetail {
  path?: string;
  message: string;
}

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'FOUR_EYES'
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'NOT_FOUND'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'INVALID_TRANSITION'
  | 'ENTRY_OPEN'
  | 'VERSION_EXISTS'
  | 'NO_NEW_EVIDENCE'
  | 'ALREADY_SERVED'
  | 'PDF_UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'AUDIT_CHAIN_BROKEN'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'MALFORMED_REQUEST'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FOUR_EYES: 403,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  NOT_FOUND: 404,
  DUPLICATE_EXTERNAL_ID: 409,
  INVALID_TRANSITION: 409,
  ENTRY_OPEN: 409,
  VERSION_EXISTS: 409,
  NO_NEW_EVIDENCE: 409,
  // A document's service (送达) is recorded once.
  ALREADY_SERVED: 409,
  // No Chromium is configured (SIEVE_CHROMIUM_PATH), or it failed: the HTML is there, the PDF not yet.
  PDF_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  // The audit chain failed its check at start: registry writes wait for an operator.
  AUDIT_CHAIN_BROKEN: 503,
  // Answered by the HTTP layer before a request reaches Fastify (see plugins/errors.ts).
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  MALFORMED_REQUEST: 400,
  INTERNAL: 500,
};

/** Every stable error code, for the OpenAPI document. */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

export class DomainError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
    this.statusCode = STATUS[code];
  }

  toJSON(): ErrorBody['error'] {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

export const statusOf = (code: ErrorCode): number => STATUS[code];

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

export const validationFailed = (details: ErrorDetail[]) => new DomainError('VALIDATION_FAILED', 'The request is not valid: see details.', details);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`);
