/** Registry endpoints: thin adapters over the registry, overrides and lookup services. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AllowEntrySchema, EntryListItemSchema, EntrySchema, ExportSchema, LookupFields, LookupResultSchema } from './registry.schema.js';
import { Closed, errors, IdParams, Page, PageQuery, Reason } from '../shared/schemas.js';
import { decodeCursor, encodeCursor, pageSize } from '../shared/cursor.js';
import { REGISTRY_ACTIONS, REGISTRY_STATES, MEASURES } from './state-machine.js';
import { intakeRateLimit } from '../plugins/rate-limit.js';

const Measures = Type.Array(Type.Enum([...MEASURES]), { minItems: 1, maxItems: 3 });
const isEntryCursor = (v: unknown): v is { createdAt: number; id: string } =>
  !!v && typeof (v as { createdAt: unknown }).createdAt === 'number' && typeof (v as { id: unknown }).id === 'string';

const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { registry, overrides, lookup } = app.services;
  const tags = ['registry'];

  app.get(
    '/registry/entries',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Registry entries, newest first',
        querystring: Type.Object({
          state: Type.Optional(Type.Enum([...REGISTRY_STATES])),
          complainantId: Type.Optional(Type.String({ maxLength: 200 })),
          holder: Type.Optional(
            Type.String({ minLength: 1, maxLength: 200, description: 'extra: entries held by this person (who claimed them or made the manual proposal)' }),
          ),
          defence: Type.Optional(
            Type.Enum(['running', 'over'], { description: 'extra: notified entries whose defence window is still running, or is over (a decision is due)' }),
          ),
          open: Type.Optional(Type.Boolean({ description: 'extra: only entries still in due process (flagged to listed)' })),
          ...PageQuery,
        }),
        response: { 200: Page(EntryListItemSchema), ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await registry.list({
        state: q.state,
        complainantId: q.complainantId,
        heldBy: q.holder,
        defence: q.defence,
        open: q.open,
        limit: pageSize(q.limit),
        after: decodeCursor(q.cursor, isEntryCursor),
      });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '/registry/entries',
    {
      config: { access: 'review' },
      schema: {
        tags,
        summary: 'Manual proposal: straight to proposed, with the reason as its basis',
        body: Type.Object(
          { complainantId: Type.String({ minLength: 1, maxLength: 200 }), reason: Reason, measures: Type.Optional(Measures) },
          { additionalProperties: false },
        ),
        response: { 201: { ...EntrySchema, description: 'an entry in proposed' }, ...errors(400, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await registry.proposeManually(req.body, req.principal!)),
  );

  app.get(
    '/registry/entries/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'An entry with its evidence bundle, history, and what the caller may do with it now',
        params: IdParams,
        response: { 200: EntrySchema, ...errors(404) },
      },
    },
    async (req) => registry.get(req.params.id, req.principal!),
  );

  app.post(
    '/registry/entries/:id/actions',
    {
      config: { access: 'review' },
      schema: {
        tags,
        summary: 'Move an entry through due process (claim, dismiss, propose, reject, approve_notice, record_defence, decide, remove, renew)',
        params: IdParams,
        body: Type.Object(
          {
            action: Type.Enum(REGISTRY_ACTIONS.filter((a) => a !== 'expire')),
            reason: Reason,
            decision: Type.Optional(Type.Enum(['list', 'drop'])),
            defence: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
            measures: Type.Optional(Measures),
          },
          { additionalProperties: false },
        ),
        response: { 200: { ...EntrySchema, description: 'the updated entry' }, ...errors(400, 404, 409) },
      },
    },
    async (req) => registry.act(req.params.id, req.body, req.principal!),
  );

  app.get(
    '/registry/entries/:id/notice',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The notice (告知书) as HTML: a draft while proposed, frozen once approved',
        params: IdParams,
        response: {
          200: { description: '《投诉举报异常名录列入告知书》, text/html; charset=utf-8', content: { 'text/html': { schema: Type.String() } } },
          ...errors(404, 409),
        },
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .send(await registry.notice(req.params.id)),
  );

  app.post(
    '/registry/lookup',
    {
      config: { access: 'lookup', ...intakeRateLimit(app.config.rateLimit) },
      schema: {
        tags,
        summary: 'Is this person listed? Identifiers go in the body, never in the URL',
        body: Type.Object(LookupFields, { additionalProperties: false }),
        response: { 200: LookupResultSchema, ...errors(400, 429) },
      },
    },
    async (req) => lookup.lookup(req.body),
  );

  app.get(
    '/registry/export',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Notified and listed entries, masked identifiers only',
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['csv', 'json'])) }),
        response: {
          200: {
            description: 'an attachment: CSV (UTF-8 with header row) or JSON (`items`), one row per notified or listed entry',
            content: { 'text/csv': { schema: Type.String() }, 'application/json': { schema: ExportSchema } },
          },
          ...errors(400),
        },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'json';
      const out = await lookup.exportRegistry(format);
      return reply.type(out.contentType).header('content-disposition', `attachment; filename="registry.${format}"`).send(out.body);
    },
  );

  app.post(
    '/allowlist',
    {
      config: { access: 'review' },
      schema: {
        tags: ['overrides'],
        summary: 'Suppress automatic flags for a complainant until expiry',
        body: Type.Object(
          { complainantId: Type.String({ minLength: 1, maxLength: 200 }), reason: Reason, expiresAt: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: { 201: AllowEntrySchema, ...errors(400, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await overrides.allow(req.body, req.principal!)),
  );

  app.get(
    '/allowlist',
    {
      config: { access: 'read' },
      schema: { tags: ['overrides'], summary: 'Allow-list entries', response: { 200: Closed({ items: Type.Array(AllowEntrySchema) }) } },
    },
    async () => overrides.allowlist(),
  );

  app.delete(
    '/allowlist/:id',
    {
      config: { access: 'review' },
      schema: { tags: ['overrides'], summary: 'Revoke an allow-list entry', params: IdParams, response: { 200: AllowEntrySchema, ...errors(404, 409) } },
    },
    async (req) => overrides.revokeAllow(req.params.id, req.principal!),
  );
};

export default registryRoutes;
