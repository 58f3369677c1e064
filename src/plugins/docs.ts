/** OpenAPI document generated from the route schemas, served at /openapi.json and /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { COMMON_ERRORS, ErrorResponse } from '../shared/schemas.js';

/** `post /v1/complaints/{id}/events` → `postComplaintsIdEvents`. */
export function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/v1\//, '')
    .split(/[/{}:._-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return method + words.join('');
}

/** Numeric exclusiveMinimum/exclusiveMaximum (draft 7) as OpenAPI 3.0's boolean form; the shape is otherwise kept. */
export function toOpenApi30<T>(node: T): T {
  return rewriteBounds(node) as T;
}

function rewriteBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteBounds);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteBounds(value);
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] === 'number') {
      out[bound] = out[exclusive];
      out[exclusive] = true;
    }
  }
  return out;
}

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
      // Every /v1 operation can answer the authentication, permission, rate and server errors, and
      // has a stable operationId (method and path) for generated clients.
      transform: ({ schema, url, route }) => {
        if (!url.startsWith('/v1/') || !schema) return { schema, url };
        const response: Record<string, unknown> = { ...(schema.response as object) };
        for (const [status, description] of Object.entries(COMMON_ERRORS)) response[status] ??= { ...ErrorResponse, description };
        const method = [route.method].flat()[0].toLowerCase();
        return { schema: { ...schema, response, operationId: schema.operationId ?? operationId(method, url) }, url };
      },
      // The schemas are JSON Schema draft 7 (what the validator runs); OpenAPI 3.0 writes an
      // exclusive bound as a boolean beside minimum/maximum.
      transformObject: (doc) => toOpenApi30('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'docs' },
);
