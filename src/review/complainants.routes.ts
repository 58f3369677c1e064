/** Reviewer reads of complainants and complaints, and the merge judgements. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, Page, PageQuery, Reason } from '../shared/schemas.js';
import { ComplaintDetailSchema, OwnFileSchema, ProfileSchema, QueueItemSchema, SearchResultSchema } from './complainant.schema.js';
import { LookupFields, MergeResultSchema } from '../registry/registry.schema.js';
import { decodeCursor, encodeCursor, pageSize } from '../shared/cursor.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';

const isQueueCursor = (v: unknown): v is { score: number; id: string } =>
  !!v && typeof (v as { score: unknown }).score === 'number' && typeof (v as { id: unknown }).id === 'string';

const LEVELS = ['none', 'watch', 'review'] as const;
const isOffsetCursor = (v: unknown): v is { offset: number } =>
  !!v && Number.isInteger((v as { offset: unknown }).offset) && (v as { offset: number }).offset >= 0;

const complainantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { complainants, overrides, lookup } = app.services;
  const tags = ['complainants'];

  app.get(
    '/complainants',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The review queue: highest score first, then id',
        querystring: Type.Object({
          level: Type.Optional(Type.Enum([...LEVELS])),
          atLeast: Type.Optional(Type.Enum(['watch', 'review'], { description: 'extra: this level or higher (watch takes watch and review)' })),
          state: Type.Optional(Type.Enum(['none', ...REGISTRY_STATES])),
          order: Type.Optional(
            Type.Enum(['score', 'work'], {
              description:
                'extra: score (default, the contract order) or work — open registry work first (flagged, under review, proposed, notified), then score, then the complaints behind profit findings, then the oldest flag',
            }),
          ),
          ...PageQuery,
        }),
        response: { 200: Page(QueueItemSchema), ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const levels = q.level ? [q.level] : q.atLeast ? LEVELS.slice(LEVELS.indexOf(q.atLeast)) : undefined;
      const limit = pageSize(q.limit);
      const page =
        q.order === 'work'
          ? await complainants.queue({ levels, state: q.state, limit, work: decodeCursor(q.cursor, isOffsetCursor) ?? { offset: 0 } })
          : await complainants.queue({ levels, state: q.state, limit, after: decodeCursor(q.cursor, isQueueCursor) });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '/complainants/search',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Find people by ID number, phone, account, the externalId of a complaint, or name — in the body, never in the URL',
        body: Type.Object(
          {
            ...LookupFields,
            externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the full name or its beginning' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SearchResultSchema, ...errors(400) },
      },
    },
    async (req) => lookup.search(req.body),
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
