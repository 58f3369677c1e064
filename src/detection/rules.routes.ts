/** Rule-set versions (admin): list, read, store a new version, activate one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RuleSetSchema } from './rule-set.js';
import { Closed, errors, TimeOut } from '../shared/schemas.js';

const RulesList = Closed({
  active: Type.String(),
  versions: Type.Array(Closed({ version: Type.String(), createdAt: TimeOut, createdBy: Type.String() })),
  ruleSet: RuleSetSchema,
});

const rulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rules } = app.services;
  const tags = ['rules'];
  const Version = Type.Object({ version: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get(
    '/rules',
    { config: { access: 'admin' }, schema: { tags, summary: 'Versions, the active one and its content', response: { 200: RulesList } } },
    async () => {
      const list = await rules.list();
      return { ...list, ruleSet: await rules.active() };
    },
  );

  app.get(
    '/rules/:version',
    { config: { access: 'admin' }, schema: { tags, summary: 'One version', params: Version, response: { 200: RuleSetSchema, ...errors(404) } } },
    async (req) => rules.get(req.params.version),
  );

  app.post(
    '/rules',
    // Validated by the rule-set module (the schema here documents it): versions are checked as a whole.
    {
      config: { access: 'admin', ownValidation: true },
      validatorCompiler: () => () => true,
      schema: { tags, summary: 'Store a new version (never activates it)', body: RuleSetSchema, response: { 201: RuleSetSchema, ...errors(400, 409) } },
    },
    async (req, reply) => reply.code(201).send(await rules.create(req.body, req.principal!.name)),
  );

  app.post(
    '/rules/:version/activate',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Make a stored version active (audited)',
        params: Version,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) })),
        response: { 200: Closed({ active: Type.String() }), ...errors(404) },
      },
    },
    async (req) => {
      const { version } = req.params;
      const reason = req.body?.reason;
      // Kept in the audit record with personal numbers masked, like every reviewer's reason.
      await rules.activate(version, req.principal!.name, reason === undefined ? undefined : app.services.maskText(reason).text);
      return { active: version };
    },
  );
};

export default rulesRoutes;
