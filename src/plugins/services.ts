/** Builds the domain services from the store, the keys and the clock, once per app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loadOrCreatePiiKey } from '../storage/data-dir.js';
import { createPiiHasher } from '../identity/pii.js';
import { createFreeTextMasker, type FreeTextMasker } from '../identity/free-text.js';
import { maskStoredTexts } from '../intake/mask-stored-texts.js';
import { createIntakeService, type IntakeService } from '../intake/intake.service.js';
import { createDetectionEngine, type DetectionEngine } from '../detection/engine.js';
import { createRuleSetService, type RuleSetService } from '../detection/rules.service.js';
import { lexiconOf } from '../detection/rule-set.js';
import { loadCalendar, type Calendar } from '../registry/calendar.js';
import { createRegistryService, type RegistryService } from '../registry/registry.service.js';
import { createOverridesService, type OverridesService } from '../registry/overrides.service.js';
import { createLookupService, type LookupService } from '../registry/lookup.service.js';
import { createComplainantReader, type ComplainantReader } from '../review/complainants.service.js';
import { createRescanService, type RescanService } from '../rescan/rescan.service.js';
import { startScheduler } from '../rescan/scheduler.js';

export interface Services {
  intake: IntakeService;
  rules: RuleSetService;
  detection: DetectionEngine;
  calendar: Calendar;
  registry: RegistryService;
  overrides: OverridesService;
  lookup: LookupService;
  complainants: ComplainantReader;
  rescans: RescanService;
  /** Masks personal numbers in free text (identity/free-text.ts). */
  maskText: FreeTextMasker;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async function services(app: FastifyInstance) {
    const { store, now } = app;
    const hashPii = createPiiHasher(loadOrCreatePiiKey(app.config));
    const maskText = createFreeTextMasker(hashPii);
    const rules = createRuleSetService(store, now);
    // Before the similarity index is built from the stored signatures.
    await maskStoredTexts(store, maskText, app.log);
    const detection = await createDetectionEngine({ store, rules, log: app.log, now });
    const calendar = loadCalendar(app.config.holidaysFile);
    const registry = createRegistryService({ store, rules, calendar, now, policy: app.config.registry, maskText });
    const overrides = createOverridesService({
      store,
      now,
      maskText,
      // A merge or unmerge changes whose complaints count together: assess again, as of the latest complaint.
      reassess: async (tx, rootId) => {
        const asOf = await tx.complaints.latestReceivedAt(await tx.identity.members(rootId));
        if (asOf !== null) await detection.assess(tx, { rootId, asOf, source: 'merge', sourceId: rootId });
      },
    });
    const rescans = createRescanService({ store, rules, now, log: app.log, dbPath: app.config.dbPath, workers: app.config.rescanWorkers });
    app.decorate('services', {
      intake: createIntakeService({ store, hashPii, maskText, now, detection, log: app.log }),
      rules,
      detection,
      calendar,
      registry,
      overrides,
      lookup: createLookupService({ store, hashPii }),
      complainants: createComplainantReader({ store, now, lexicon: async () => lexiconOf(await rules.active()) }),
      rescans,
      maskText,
    });
    // A rescan a crash interrupted continues once the service is up; scheduled runs follow.
    let stopScheduler = () => undefined as void;
    app.addHook('onReady', async () => {
      void rescans.resume();
      stopScheduler = startScheduler({
        intervalSeconds: app.config.scheduleIntervalSeconds,
        registry,
        rescans,
        expireKeys: () => store.write((tx) => app.keys.recordExpired(tx)),
        log: app.log,
      });
    });
    app.addHook('preClose', async () => {
      stopScheduler();
      await rescans.close();
    });
  },
  { name: 'services', dependencies: ['storage'] },
);
