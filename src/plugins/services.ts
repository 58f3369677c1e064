/** Builds the domain services from the store, the keys and the clock, once per app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loadOrCreatePiiKey } from '../storage/data-dir.js';
import { createPiiHasher } from '../identity/pii.js';
import { createIntakeService, type IntakeService } from '../intake/intake.service.js';
import { createDetectionEngine, type DetectionEngine } from '../detection/engine.js';
import { createRuleSetService, type RuleSetService } from '../detection/rules.service.js';

export interface Services {
  intake: IntakeService;
  rules: RuleSetService;
  detection: DetectionEngine;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async function services(app: FastifyInstance) {
    const hashPii = createPiiHasher(loadOrCreatePiiKey(app.config));
    const rules = createRuleSetService(app.store, app.now);
    const detection = await createDetectionEngine({ store: app.store, rules, log: app.log, now: app.now });
    app.decorate('services', {
      intake: createIntakeService({ store: app.store, hashPii, now: app.now, detection }),
      rules,
      detection,
    });
  },
  { name: 'services', dependencies: ['storage'] },
);
