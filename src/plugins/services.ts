/** Builds the domain services from the store, the keys and the clock, once per app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loadOrCreatePiiKey } from '../storage/data-dir.js';
import { createPiiHasher } from '../identity/pii.js';
import { createIntakeService, type IntakeService } from '../intake/intake.service.js';
import { createDetection } from '../detection/detection.js';

export interface Services {
  intake: IntakeService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async function services(app: FastifyInstance) {
    const hashPii = createPiiHasher(loadOrCreatePiiKey(app.config));
    const detection = await createDetection({ store: app.store, log: app.log });
    app.decorate('services', {
      intake: createIntakeService({ store: app.store, hashPii, now: app.now, detection }),
    });
  },
  { name: 'services', dependencies: ['storage'] },
);
