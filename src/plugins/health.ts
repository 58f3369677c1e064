/**
 * /healthz: the process answers. /readyz: migrations applied and the similarity index loaded, and
 * not shutting down — load balancers stop sending work as soon as a SIGTERM arrives.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    readiness: { ready: boolean; closing: boolean };
  }
}

export default fp(
  async function health(app: FastifyInstance) {
    app.decorate('readiness', { ready: false, closing: false });
    app.addHook('onReady', async () => {
      app.readiness.ready = true;
    });
    // Requests under way, counted until their answer is handed to the system: a stop waits for
    // them before the listener closes, because closing it cuts kept-alive connections it takes for
    // idle even while the end of a large answer (a 1,000-item batch) is still being written.
    let inFlight = 0;
    let drained: (() => void) | null = null;
    app.addHook('onRequest', async (_req, reply) => {
      inFlight += 1;
      let done = false;
      const finished = () => {
        if (done) return;
        done = true;
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      };
      reply.raw.once('finish', finished);
      reply.raw.once('close', finished);
    });
    app.addHook('preClose', async () => {
      app.readiness.closing = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    });
    // An answer finished while stopping closes its connection after it is sent.
    app.addHook('onSend', async (_req, reply) => {
      if (app.readiness.closing) reply.header('connection', 'close');
    });
    // Requests that arrive while stopping (on kept-alive connections) are refused in the contract's
    // shape and told to reconnect; those already received are answered in full.
    app.addHook('onRequest', async (req, reply) => {
      if (!app.readiness.closing || req.url === '/readyz' || req.url === '/healthz') return;
      reply.header('connection', 'close');
      throw new DomainError('SERVICE_UNAVAILABLE', 'The service is stopping; retry on another instance or after it restarts.');
    });
    const hide = { schema: { hide: true } };
    app.get('/healthz', hide, async () => ({ status: 'ok' }));
    app.get('/readyz', hide, async (_req, reply) => {
      const ready = app.readiness.ready && !app.readiness.closing;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : app.readiness.closing ? 'stopping' : 'starting' });
    });
  },
  { name: 'health' },
);
