import type { FastifyInstance } from 'fastify';

export default async function meRoutes(app: FastifyInstance) {
  app.get('/me', { config: { access: 'any' }, schema: { tags: ['auth'], summary: 'Who the token belongs to' } }, async (req) => ({
    name: req.principal!.name,
    role: req.principal!.role,
  }));
}
