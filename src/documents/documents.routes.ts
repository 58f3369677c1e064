/** Document endpoints: thin adapters over the document service (additive to the contract). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Closed, errors, IdParams } from '../shared/schemas.js';
import { DocumentSchema, ServiceBodySchema } from './documents.schema.js';

/** As for the notice: the document's own inline styles, nothing else, and it may not be framed. */
export const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { documents } = app.services;
  const tags = ['documents'];

  app.get(
    '/registry/entries/:id/documents',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The documents issued for an entry (告知书, 决定书, …), oldest first, with their service',
        params: IdParams,
        response: { 200: Closed({ items: Type.Array(DocumentSchema) }), ...errors(404) },
      },
    },
    async (req) => documents.list(req.params.id),
  );

  app.get(
    '/registry/documents/:id/html',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'A document as issued: HTML with its print stylesheet, frozen',
        params: IdParams,
        response: { 200: { description: 'text/html; charset=utf-8', content: { 'text/html': { schema: Type.String() } } }, ...errors(404) },
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', DOCUMENT_CSP)
        .send(await documents.html(req.params.id)),
  );

  app.get(
    '/registry/documents/:id/pdf',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'A document as PDF, printed by Chromium from the same HTML; printed now if it has not been yet',
        params: IdParams,
        response: {
          200: {
            description: 'application/pdf (attachment named by the document number)',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          ...errors(404),
          503: { ...errors(503)[503], description: 'PDF_UNAVAILABLE: no Chromium configured (SIEVE_CHROMIUM_PATH), or it failed' },
        },
      },
    },
    async (req, reply) => {
      const { pdf, number } = await documents.pdf(req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`)
        .send(pdf);
    },
  );

  app.post(
    '/registry/documents/:id/service',
    {
      config: { access: 'review' },
      schema: {
        tags,
        summary: 'Record how and when the document reached the person (送达), once; audited',
        params: IdParams,
        body: ServiceBodySchema,
        response: { 201: { ...DocumentSchema, description: 'the document with its service' }, ...errors(400, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await documents.recordService(req.params.id, req.body, req.principal!)),
  );
};

export default documentRoutes;
