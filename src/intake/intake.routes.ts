/** Intake endpoints: thin adapters from HTTP to the intake service. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BatchBody, BatchItemResultSchema, BatchResultSchema, ComplaintBody, EventBody, EventResultSchema, IntakeResultSchema } from './complaint.schema.js';
import { errors } from '../shared/schemas.js';
import { intakeRateLimit } from '../plugins/rate-limit.js';
import { prepareSerializer, sendJsonText, serialiseInSlices } from '../plugins/serializer.js';

/**
 * Complaint and event bodies are validated by the service (shared with batch items), so those
 * handlers hand `req.body` on as the unknown it is; the body schema documents it.
 */
const intakeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const intake = app.services.intake;
  const config = { access: 'intake' as const, ...intakeRateLimit(app.config.rateLimit) };
  const documentedOnly = { ownValidation: true };
  const skip = () => () => true;
  const stored = { ...IntakeResultSchema, description: 'stored and assessed' };
  const replayed = { ...IntakeResultSchema, description: 'a replay of the same externalId and content: the original answer' };
  const recorded = { ...EventResultSchema, description: 'recorded; the complainant was assessed again' };
  const known = { ...EventResultSchema, description: 'the same type, time and amount were already recorded' };
  // Compiled at first use, each held the thread answering the first complaint or event after a
  // start for 30 ms or more (plugins/serializer.ts): so at start.
  app.addHook('onReady', async () => {
    for (const schema of [stored, replayed, BatchItemResultSchema, recorded, known]) prepareSerializer(schema);
  });

  app.post(
    '/complaints',
    {
      config: { ...config, ...documentedOnly },
      validatorCompiler: skip,
      schema: {
        tags: ['intake'],
        summary: 'Submit one complaint or report',
        body: ComplaintBody,
        response: {
          201: stored,
          200: replayed,
          ...errors(400, 409, 413, 415, 429),
        },
      },
    },
    async (req, reply) => {
      const { created, result } = await intake.submit(req.body);
      app.counters.ingested.inc({ result: created ? 'created' : 'duplicate' });
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/complaints/batch',
    {
      config: { ...config, ...documentedOnly, serialisesItself: true },
      bodyLimit: app.config.batchBodyLimit,
      schema: {
        tags: ['intake'],
        summary: 'Submit up to 1,000 complaints, processed in order as if posted one by one',
        body: BatchBody,
        response: { 200: BatchResultSchema, ...errors(400, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      const results = await intake.submitBatch(req.body.items);
      for (const r of results) app.counters.ingested.inc({ result: r.status });
      // Written in slices: serialised at once, a thousand answers held the thread for ~100 ms.
      return sendJsonText(reply, await serialiseInSlices(BatchItemResultSchema, results, '{"results":', '}'));
    },
  );

  app.post(
    '/complaints/:id/events',
    {
      config: { ...config, ...documentedOnly },
      validatorCompiler: skip,
      schema: {
        tags: ['intake'],
        summary: 'Record what happened to a complaint (withdrawn, settled, …); {id} may be ext:<externalId>',
        params: Type.Object({ id: Type.String() }),
        body: EventBody,
        response: {
          201: recorded,
          200: known,
          ...errors(400, 404, 413, 415, 429),
        },
      },
    },
    async (req, reply) => {
      const { created, event } = await intake.addEvent(req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(event);
    },
  );
};

export default intakeRoutes;
