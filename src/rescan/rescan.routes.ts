/** Rescans (admin): start one (queued behind a running one) and follow it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Closed, errors, IdParams } from '../shared/schemas.js';
import { RescanSchema } from './rescan.schema.js';

const rescanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rescans } = app.services;
  app.post(
    '/rescans',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['rescans'],
        summary: 'Re-evaluate every complainant under the active or a given rule set, as of an instant; dryRun writes nothing but the diff',
        body: Type.Object(
          {
            dryRun: Type.Optional(Type.Boolean()),
            ruleSet: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Object({}, { additionalProperties: true })])),
            asOf: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: { ...Closed({ id: Type.String() }), description: 'accepted: queued, or running at once' }, ...errors(400, 404) },
      },
    },
    async (req, reply) => reply.code(202).send(await rescans.start(req.body ?? {}, req.principal!)),
  );

  app.get(
    '/rescans/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['rescans'], summary: 'State, progress and (when done) the diff', params: IdParams, response: { 200: RescanSchema, ...errors(404) } },
    },
    async (req) => rescans.get(req.params.id),
  );
};

export default rescanRoutes;
