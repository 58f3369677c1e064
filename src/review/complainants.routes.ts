/** Reviewer reads of complainants and complaints, and the merge judgements. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, Page, PageQuery, Reason } from '../shared/schemas.js';
import { ComplaintDetailSchema, OwnFileSchema, ProfileSchema, QueueItemSchema } from './complainant.schema.js';
import { MergeResultSchema } from '../registry/registry.schema.js';
import { decodeCursor, encodeCursor, pageSize } from '../shared/cursor.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';

const isQueueCursor = (v: unknown): v is { score: number; id: string } =>
  !!v && typeof (v as { score: unknown }).score === 'number' && typeof (v as { id: unknown }).id === 'string';

const complainantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { complainants, overrides } = app.services;
  const tags = ['complainants'];

  app.get(
    '/complainants',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The review queue: highest score first, then id',
        querystring: Type.Object({
          level: Type.Optional(Type.Enum(['none', 'watch', 'review'])),
          state: Type.Optional(Type.Enum(['none', ...REGISTRY_STATES])),
          ...PageQuery,
        }),
        response: { 200: Page(QueueItemSchema), ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await complainants.queue({ level: q.level, state: q.state, limit: pageSize(q.limit), after: decodeCursor(q.cursor, isQueueCursor) });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/complainants/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Profile: masked identifiers, links, counts, findings with evidence, timeline, entries',
        params: IdParams,
        response: { 200: ProfileSchema, ...errors(404) },
      },
    },
    async (req) => complainants.profile(req.params.id),
  );

  app.get(
    '/complainants/:id/file',
    {
      config: { access: 'read' },
      schema: { tags, summary: "The person's own file: nothing about anyone else", params: IdParams, response: { 200: OwnFileSchema, ...errors(404) } },
    },
    async (req) => complainants.ownFile(req.params.id),
  );

  app.get(
    '/complaints/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'One complaint with its text, events and near-duplicates',
        params: IdParams,
        response: { 200: ComplaintDetailSchema, ...errors(404) },
      },
    },
    async (req) => complainants.complaint(req.params.id),
  );

  app.post(
    '/complainants/:id/merge',
    {
      config: { access: 'review' },
      schema: {
        tags,
        summary: 'Merge another record into this complainant (recorded, reversible)',
        params: IdParams,
        body: Type.Object({ otherId: Type.String({ minLength: 1, maxLength: 200 }), reason: Reason }, { additionalProperties: false }),
        response: { 201: MergeResultSchema, ...errors(400, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await overrides.merge(req.params.id, req.body, req.principal!)),
  );

  app.post(
    '/complainants/:id/unmerge',
    {
      config: { access: 'review' },
      schema: {
        tags,
        summary: 'Undo a merge',
        params: IdParams,
        body: Type.Object({ mergeId: Type.String({ minLength: 1, maxLength: 200 }), reason: Reason }, { additionalProperties: false }),
        response: { 200: MergeResultSchema, ...errors(400, 404, 409) },
      },
    },
    async (req) => overrides.unmerge(req.params.id, req.body, req.principal!),
  );
};

export default complainantRoutes;
