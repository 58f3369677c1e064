import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES } from '../config.js';
import { formatTime } from '../shared/time.js';
import { Closed } from '../shared/schemas.js';

const Me = Closed({
  name: Type.String(),
  role: Type.Enum([...ROLES]),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'when this key stops working, if it expires' })),
});

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/me', { config: { access: 'any' }, schema: { tags: ['auth'], summary: 'Who the token belongs to', response: { 200: Me } } }, async (req) => ({
    name: req.principal!.name,
    role: req.principal!.role,
    ...(req.principal!.expiresAt !== undefined ? { expiresAt: formatTime(req.principal!.expiresAt) } : {}),
  }));
};

export default meRoutes;
