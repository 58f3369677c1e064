import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ROLES } from '../config.js';
import { formatTime } from '../shared/time.js';

const Me = Type.Object({
  name: Type.String(),
  role: Type.Enum([...ROLES]),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'when this key stops working, if it expires' })),
});

export default async function meRoutes(app: FastifyInstance) {
  app.get('/me', { config: { access: 'any' }, schema: { tags: ['auth'], summary: 'Who the token belongs to', response: { 200: Me } } }, async (req) => ({
    name: req.principal!.name,
    role: req.principal!.role,
    ...(req.principal!.expiresAt !== undefined ? { expiresAt: formatTime(req.principal!.expiresAt) } : {}),
  }));
}
