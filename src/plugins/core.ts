/** The validated configuration and the clock, shared by every other plugin. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** The clock for server-side times (audit, deadlines); tests pass a fixed one. */
    now: () => number;
  }
}

export default fp(
  async function core(app: FastifyInstance, opts: { config: Config; now: () => number }) {
    app.decorate('config', opts.config);
    app.decorate('now', opts.now);
    app.addHook('onSend', async (req, reply) => {
      reply.header('x-request-id', req.id);
    });
  },
  { name: 'core' },
);
