/**
 * Request validation settings. Bodies: no type coercion, unknown properties dropped, every problem
 * reported. Query strings and path parameters arrive as text, so those are coerced.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAjv, illFormedStrings } from '../shared/validation.js';
import { validationFailed } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler validates the body itself (intake: shared by single and batch posts). */
    ownValidation?: boolean;
  }
}

export default fp(
  async function validation(app: FastifyInstance) {
    // Bodies are JSON only: anything else is 415, including the text/plain Fastify accepts by default.
    app.removeContentTypeParser('text/plain');
    const bodyAjv = createAjv();
    const textAjv = createAjv({ coerceTypes: true });
    app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema)));
    app.addHook('preValidation', async (req) => {
      if (req.body === undefined || req.routeOptions.config?.ownValidation) return;
      const bad = illFormedStrings(req.body);
      if (bad.length) throw validationFailed(bad.map((path) => ({ path, message: 'contains a lone surrogate (not valid Unicode)' })));
    });
  },
  { name: 'validation' },
);
