/** OpenAPI document generated from the route schemas, served at /openapi.json and /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { COMMON_ERRORS, ErrorResponse } from '../shared/schemas.js';
import { canonicalJson } from '../shared/canonical.js';
import { ComplaintBody } from '../intake/complaint.schema.js';

type Node = { [key: string]: Node } | undefined;
const requestOf = (doc: Node, path: string, method: string): Node => doc?.paths?.[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
const answerOf = (doc: Node, path: string, method: string, status: string): Node =>
  doc?.paths?.[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;

/**
 * Schemas a client meets in several operations, named once in `components.schemas` and referred
 * to wherever they occur, so that generated clients get one type for each. Each is taken from one
 * place in the document as @fastify/swagger wrote it (so it is OpenAPI 3.0 already) and matched
 * everywhere else by its content.
 */
const SHARED: Array<[string, (doc: Node) => Node]> = [
  ['Error', (d) => answerOf(d, '/v1/complaints', 'post', '401')],
  ['Complaint', (d) => requestOf(d, '/v1/complaints', 'post')],
  ['Event', (d) => requestOf(d, '/v1/complaints/{id}/events', 'post')],
  ['IntakeResult', (d) => answerOf(d, '/v1/complaints', 'post', '201')],
  ['Assessment', (d) => answerOf(d, '/v1/complaints', 'post', '201')?.properties?.assessment],
  ['Finding', (d) => answerOf(d, '/v1/complaints', 'post', '201')?.properties?.assessment?.properties?.findings?.items],
  ['AuditRecord', (d) => answerOf(d, '/v1/audit', 'get', '200')?.properties?.items?.items],
];

/** What identifies a schema: everything but its own description (a response may describe it its own way). */
function identity(node: object): string {
  const { description: _, ...rest } = node as Record<string, unknown>;
  return canonicalJson(rest);
}

/** Replaces every occurrence of a shared schema in the document by a reference to its component. */
export function shareComponents<T extends object>(doc: T): T {
  const named = SHARED.flatMap(([name, locate]) => {
    const schema = locate(doc as Node);
    return schema ? [{ name, schema: JSON.parse(JSON.stringify(schema)) as object }] : [];
  });
  const byText = new Map(named.map(({ name, schema }) => [identity(schema), name]));
  const used = new Set<string>();
  const share = (node: unknown, self?: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => share(n));
    if (!node || typeof node !== 'object') return node;
    const name = byText.get(identity(node));
    if (name && name !== self) {
      used.add(name);
      return { $ref: `#/components/schemas/${name}` };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, share(v)]));
  };
  const { paths: docPaths, components: docComponents } = doc as { paths?: unknown; components?: Record<string, unknown> };
  const paths = share(docPaths);
  // Components refer to each other too (an assessment's findings); each is shared inside the others.
  const schemas: Record<string, unknown> = {};
  for (const { name, schema } of named) schemas[name] = share(schema, name);
  const components = docComponents ?? {};
  const kept = Object.fromEntries(
    Object.entries(schemas).filter(([name]) => used.has(name) || Object.values(schemas).some((s) => JSON.stringify(s).includes(`/${name}"`))),
  );
  return { ...doc, paths, components: { ...components, schemas: { ...(components.schemas as object), ...kept } } } as T;
}

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
        // Batch items are checked one by one by the service (an invalid item is answered, not the
        // request), so the route leaves them open; the document says what each item is.
        const body =
          url === '/v1/complaints/batch'
            ? {
                ...(schema.body as object),
                properties: { items: { ...(schema.body as { properties: { items: object } }).properties.items, items: ComplaintBody } },
              }
            : schema.body;
        return { schema: { ...schema, ...(body ? { body } : {}), response, operationId: schema.operationId ?? operationId(method, url) }, url };
      },
      // The schemas are JSON Schema draft 7 (what the validator runs); OpenAPI 3.0 writes an
      // exclusive bound as a boolean beside minimum/maximum.
      transformObject: (doc) => shareComponents(toOpenApi30('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject)),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'docs' },
);
