/** OpenAPI document generated from the route schemas, served at /openapi.json and /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { COMMON_ERRORS, ErrorResponse } from '../shared/schemas.js';

export default fp(
  async function docs(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Sieve',
          version: '1',
          description:
            'Detection of profit-seeking complaints and the abnormal-complainant registry (投诉举报异常名录). ' +
            'Every /v1 request needs `Authorization: Bearer <token>`. Errors: `{"error": {"code", "message", "details"}}`. ' +
            'Times are RFC 3339 with an offset; answers use +08:00. Money is CNY rounded half-up to 0.01.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      // Every /v1 operation can answer the authentication, permission, rate and server errors.
      transform: ({ schema, url }) => {
        if (!url.startsWith('/v1/') || !schema) return { schema, url };
        const response: Record<string, unknown> = { ...(schema.response as object) };
        for (const [status, description] of Object.entries(COMMON_ERRORS)) response[status] ??= { ...ErrorResponse, description };
        return { schema: { ...schema, response }, url };
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'docs' },
);
