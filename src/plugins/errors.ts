/**
 * The one place where errors become HTTP answers in the contract's shape. Domain errors carry
 * their code; framework errors are translated; anything unexpected is a 500 whose detail stays in
 * the log (without request bodies), never in the answer.
 */
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorBody, statusOf, type ErrorBody, type ErrorCode } from '../shared/errors.js';
import { ajvDetails } from '../shared/validation.js';

type AnyError = FastifyError & { validationContext?: string };

export function toErrorResponse(err: AnyError): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) return { status: err.statusCode, body: { error: err.toJSON() } };
  if (err.validation) {
    const where = err.validationContext && err.validationContext !== 'body' ? `/${err.validationContext}` : '';
    return {
      status: 400,
      body: errorBody('VALIDATION_FAILED', 'The request is not valid: see details.', ajvDetails(err.validation, where)),
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.statusCode === 415
        ? { status: 415, body: errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.') }
        : { status: 400, body: errorBody('INVALID_JSON', err.message) };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: errorBody('INVALID_JSON', 'The body is empty; send a JSON object.') };
  }
  if (err.statusCode === 429) {
    return { status: 429, body: errorBody('RATE_LIMITED', err.message || 'Too many requests; retry later.') };
  }
  // Only the body parser's own failure is the client's bad JSON: a JSON.parse that fails on stored
  // data is a server fault (500, logged), never reported as the client's.
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && !err.code && !(err instanceof SyntaxError))) {
    return { status: 400, body: errorBody('INVALID_JSON', 'The body is not valid JSON.') };
  }
  if (err.statusCode === 415) return { status: 415, body: errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.') };
  if (err.statusCode === 404) return { status: 404, body: errorBody('NOT_FOUND', 'No such resource.') };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: 400, body: errorBody('VALIDATION_FAILED', err.message) };
  }
  if (err.statusCode === 503) return { status: 503, body: errorBody('SERVICE_UNAVAILABLE', 'The service is not ready.') };
  return { status: 500, body: errorBody('INTERNAL', 'An internal error occurred; it has been logged.') };
}

/**
 * Errors the router raises before any hook runs: a path that is not valid percent-encoding, or a
 * path parameter longer than any the contract allows. /v1 still checks the token first (the
 * contract's order: 401 before anything else).
 */
export function frameworkErrorHandler(authenticate: (req: FastifyRequest) => Promise<unknown>) {
  return async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    let answer: { status: number; body: ErrorBody };
    try {
      const path = req.raw.url?.split('?')[0] ?? '';
      if (path === '/v1' || path.startsWith('/v1/')) await authenticate(req);
      answer =
        err.code === 'FST_ERR_BAD_URL'
          ? {
              status: 400,
              body: errorBody('VALIDATION_FAILED', 'The path is not valid percent-encoding.', [{ path: '/url', message: 'is not valid percent-encoding' }]),
            }
          : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? { status: 404, body: errorBody('NOT_FOUND', 'No resource has an identifier that long.') }
            : toErrorResponse(err);
    } catch (refused) {
      answer = toErrorResponse(refused as FastifyError);
    }
    req.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
    return reply.code(answer.status).send(answer.body);
  };
}

const CLIENT_ERRORS: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', 'The request did not arrive in time.'],
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', 'The request line and headers are larger than this service accepts.'],
};

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (oversized headers, a malformed
 * request, a request too slow to arrive): answered in the contract's shape, then the connection
 * is closed, as Node does.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = CLIENT_ERRORS[err.code ?? ''] ?? ['MALFORMED_REQUEST', 'The request is not well-formed HTTP.'];
  this.clientErrors?.inc({ reason: code });
  const body = JSON.stringify(errorBody(code, message));
  const status = statusOf(code);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}

export default fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((err: AnyError, req, reply) => {
      const { status, body } = toErrorResponse(err);
      if (status >= 500) req.log.error({ err }, 'request failed');
      else req.log.info({ code: body.error.code, status }, 'request refused');
      return reply.code(status).send(body);
    });
    app.setNotFoundHandler((req, reply) => {
      reply.code(404).send(errorBody('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`));
    });
  },
  { name: 'errors' },
);
