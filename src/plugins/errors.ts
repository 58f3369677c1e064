/**
 * The one place where errors become HTTP answers in the contract's shape. Domain errors carry
 * their code; framework errors are translated; anything unexpected is a 500 whose detail stays in
 * the log (without request bodies), never in the answer.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, errorBody, type ErrorBody } from '../shared/errors.js';
import { ajvDetails } from '../shared/validation.js';

type AnyError = FastifyError & { validation?: unknown[]; validationContext?: string };

export function toErrorResponse(err: AnyError): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) return { status: err.statusCode, body: { error: err.toJSON() } };
  if (err.validation) {
    const where = err.validationContext && err.validationContext !== 'body' ? `/${err.validationContext}` : '';
    return {
      status: 400,
      body: errorBody('VALIDATION_FAILED', 'The request is not valid: see details.', ajvDetails(err.validation as never, where)),
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
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && !err.code)) {
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
