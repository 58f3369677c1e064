/** Builds the domain services from the store, the keys and the clock, once per app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { loadOrCreatePiiKey, PII_KEY_FILE } from '../storage/data-dir.js';
import { checkPiiKey } from '../identity/pii-key.js';
import { join } from 'node:path';
import { createPiiHasher } from '../identity/pii.js';
import { createFreeTextMasker, type FreeTextMasker } from '../identity/free-text.js';
import { maskStoredTexts } from '../intake/mask-stored-texts.js';
import { createIntakeService, type IntakeDetection, type IntakeService } from '../intake/intake.service.js';
import { createPreparer } from '../intake/prepare-pool.js';
import { offerAssessment, registryRef } from '../registry/flagging.js';
import { createDetectionEngine, type DetectionEngine } from '../detection/engine.js';
import { createRuleSetService, type RuleSetService } from '../detection/rules.service.js';
import { lexiconOf } from '../detection/rule-set.js';
import { LEXICON_VERSIONS } from '../detection/lexicon.js';
import { compileReaders } from '../detection/text-signals/index.js';
import { loadCalendar, type Calendar } from '../registry/calendar.js';
import { createRegistryService, type RegistryService } from '../registry/registry.service.js';
import { createOverridesService, type OverridesService } from '../registry/overrides.service.js';
import { createLookupService, type LookupService } from '../registry/lookup.service.js';
import { createComplainantReader, type ComplainantReader } from '../review/complainants.service.js';
import { createRescanService, type RescanService } from '../rescan/rescan.service.js';
import { startScheduler } from '../rescan/scheduler.js';
import { createDocumentService, type DocumentService } from '../documents/documents.service.js';
import { loadDocumentTemplates } from '../documents/templates.js';
import { createPdfRenderer } from '../documents/pdf.js';
import { documentContext, sampleInput } from '../documents/contexts.js';

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
  documents: DocumentService;
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
    const piiKeyHex = loadOrCreatePiiKey(app.config);
    const hashPii = createPiiHasher(piiKeyHex);
    await checkPiiKey(store, hashPii, app.config.piiKeyHex ? 'SIEVE_PII_KEY' : join(app.config.dataDir, PII_KEY_FILE));
    const maskText = createFreeTextMasker(hashPii);
    const rules = createRuleSetService(store, now);
    // Before the similarity index is built from the stored signatures.
    await maskStoredTexts(store, maskText, app.log);
    const detection = await createDetectionEngine({
      store,
      rules,
      log: app.log,
      now,
      profiles: { mode: app.config.profiles, items: app.config.profileItems },
    });
    const calendar = loadCalendar(app.config.holidaysFile);
    const docConfig = app.config.documents;
    const documents = createDocumentService({
      store,
      now,
      config: docConfig,
      policy: app.config.registry,
      calendar,
      // Tried on a sample of every kind here: a broken template stops the start.
      templates: loadDocumentTemplates(docConfig.templatesDir, (kind) =>
        documentContext(sampleInput(kind, docConfig.bureau, app.config.registry, docConfig.defenceFrom)),
      ),
      pdf: docConfig.chromiumPath ? createPdfRenderer({ executablePath: docConfig.chromiumPath, timeoutMs: docConfig.pdfTimeoutMs }) : null,
      maskText,
      log: app.log,
    });
    if (docConfig.bureau.unset.length > 0)
      app.log.warn({ unset: docConfig.bureau.unset }, 'documents show placeholders for the issuing bureau until these variables are set');
    if (!docConfig.chromiumPath) app.log.info('no SIEVE_CHROMIUM_PATH: documents are kept as HTML; PDFs are refused with PDF_UNAVAILABLE');
    const registry = createRegistryService({
      store,
      rules,
      calendar,
      now,
      policy: app.config.registry,
      maskText,
      documents,
      defenceFrom: docConfig.defenceFrom,
    });
    // Detection assesses; the registry decides on a flag and writes it; the answer says where the
    // complainant stands. Intake, events and merges all assess this way (rescans write their own).
    const assessThenOffer: IntakeDetection['assess'] = async (tx, args) => {
      const r = await detection.assess(tx, args);
      const outcome = await offerAssessment(tx, {
        rootId: args.rootId,
        assessment: r.stored,
        assessmentSeq: r.assessmentSeq,
        evidenceSeqs: async () => r.evidenceSeqs(),
        now: now(),
      });
      // Counted as made: a batch item its savepoint undoes afterwards (rare) is counted all the same.
      app.counters.assessments.inc({ level: r.stored.level, source: args.source });
      if (outcome === 'flag') app.counters.flags.inc({ source: args.source });
      return { assessment: r.assessment, assessmentSeq: r.assessmentSeq, similarRefs: r.similarRefs, registry: await registryRef(tx, args.rootId) };
    };
    const overrides = createOverridesService({
      store,
      now,
      maskText,
      // A merge or unmerge changes whose complaints count together: assess again, as of the latest complaint.
      reassess: async (tx, rootId) => {
        const asOf = await tx.complaints.latestReceivedAt(await tx.identity.members(rootId));
        if (asOf !== null) await assessThenOffer(tx, { rootId, asOf, source: 'merge', sourceId: rootId });
      },
    });
    // Batch items are prepared in these threads; they hold the PII key, as this thread does.
    const preparer = createPreparer({
      tools: { hashPii, maskText, analyse: (input) => detection.analyse(input) },
      piiKeyHex,
      threads: app.config.intakeThreads,
    });
    const rescans = createRescanService({ store, rules, now, log: app.log, dbPath: app.config.dbPath, workers: app.config.rescanWorkers });
    app.decorate('services', {
      intake: createIntakeService({
        store,
        hashPii,
        maskText,
        now,
        // Calls through (not a copy), so the engine stays the one object behind intake.
        detection: {
          analyse: (input) => detection.analyse(input),
          findSimilar: (tx, analysis, rootId) => detection.findSimilar(tx, analysis, rootId),
          indexed: (seq, analysis, filed) => detection.indexed(seq, analysis, filed),
          unindexed: (seq) => detection.unindexed(seq),
          stored: (tx, complaint) => detection.stored(tx, complaint),
          storedAssessment: (tx, seq, similar, asOf) => detection.storedAssessment(tx, seq, similar, asOf),
          assess: assessThenOffer,
        },
        log: app.log,
        preparer,
      }),
      rules,
      detection,
      calendar,
      registry,
      overrides,
      lookup: createLookupService({ store, hashPii }),
      complainants: createComplainantReader({ store, now, lexicon: async () => lexiconOf(await rules.active()) }),
      rescans,
      documents,
      maskText,
    });
    // A rescan a crash interrupted continues once the service is up; scheduled runs follow.
    let stopScheduler: () => void = () => undefined;
    app.addHook('onReady', async () => {
      // The first use validates the stored rule set (~10 ms), and the lexicons' readers compile
      // (~30 ms): at start, not inside the first intake.
      await rules.active();
      compileReaders(LEXICON_VERSIONS);
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
      await preparer.close();
      await documents.settle();
    });
  },
  { name: 'services', dependencies: ['storage'] },
);
