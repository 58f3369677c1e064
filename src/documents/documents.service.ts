/**
 * Documents served on a person: issued inside the registry step that produces them (number and
 * HTML in the same transaction as the step and its audit record), printed to PDF afterwards, read,
 * and their service (送达) recorded.
 *
 * Why the PDF comes after the transaction: write transactions are serialised, and Chromium takes
 * seconds; holding the writer that long would stall intake. The HTML is the document (its hash is
 * in the step's audit record); the PDF is printed from it, stored once with its own audit record,
 * and printed again on the next request if the first attempt failed.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DocumentsConfig } from '../config.js';
import type { Principal } from '../auth/permissions.js';
import type { FreeTextMasker } from '../identity/free-text.js';
import type { Repositories, Store, WriteContext } from '../storage/ports.js';
import type { EntryRecord } from '../registry/entry.js';
import { recordChange } from '../registry/flagging.js';
import { endOfShanghaiDay, shanghaiDateOf, type Calendar, type Coverage } from '../registry/calendar.js';
import { DomainError, notFound, validationFailed } from '../shared/errors.js';
import { compareText, newId } from '../shared/ids.js';
import { formatOptionalTime, formatTime } from '../shared/time.js';
import { DOCUMENT_TITLES, type DocumentKind, type DocumentSummary, type ServiceMethod, type ServiceRecord } from './document.js';
import { documentContext, type DocumentInput } from './contexts.js';
import { documentNumber, shanghaiYear } from './format.js';
import type { DocumentTemplates } from './templates.js';
import type { PdfRenderer } from './pdf.js';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface IssuedDocument {
  id: string;
  kind: DocumentKind;
  number: string;
  html: string;
  htmlSha256: string;
}

export interface ServiceBody {
  method: ServiceMethod;
  servedOn: string;
  note?: string;
}

function serviceView(s: ServiceRecord | undefined) {
  return s ? { method: s.method, servedOn: s.servedOn, note: s.note ?? undefined, recordedBy: s.recordedBy, recordedAt: formatTime(s.recordedAt) } : null;
}

function documentView(d: DocumentSummary, service: ServiceRecord | undefined) {
  return {
    id: d.id,
    entryId: d.entryId,
    kind: d.kind,
    title: DOCUMENT_TITLES[d.kind],
    number: d.number,
    createdAt: formatTime(d.createdAt),
    createdBy: d.createdBy,
    htmlSha256: d.htmlSha256,
    pdfSha256: d.pdfSha256,
    pdfAt: formatOptionalTime(d.pdfAt) ?? null,
    service: serviceView(service),
  };
}

export function createDocumentService(deps: {
  store: Store;
  now: () => number;
  config: DocumentsConfig;
  policy: { defenceWorkingDays: number; termMonths: number };
  calendar: Calendar;
  templates: DocumentTemplates;
  pdf: PdfRenderer | null;
  maskText: FreeTextMasker;
  log: FastifyBaseLogger;
}) {
  const { store, now, config, policy, calendar, templates, maskText, log } = deps;
  const { bureau } = config;
  const inFlight = new Map<string, Promise<Buffer>>();

  /** The person as documents name them: name and masked identifiers of all merged records. */
  async function person(repos: Repositories, complainantId: string) {
    const record = await repos.identity.findById(complainantId);
    const members = await repos.identity.members(complainantId);
    const identifiers = (await repos.identity.identifiersOf(members))
      .map((i) => ({ type: i.type, masked: i.masked }))
      .filter((i, k, all) => all.findIndex((j) => j.type === i.type && j.masked === i.masked) === k)
      .sort((a, b) => compareText(a.type, b.type) || compareText(a.masked, b.masked));
    return { name: record?.name ?? null, identifiers };
  }

  /** An entry's documents, oldest first, each with its service if recorded. */
  async function documentsOf(repos: Repositories, entryId: string) {
    const docs = await repos.documents.forEntry(entryId);
    const services = new Map((await repos.documents.serviceOf(docs.map((d) => d.id))).map((x) => [x.documentId, x]));
    return docs.map((d) => ({ ...d, service: services.get(d.id) }));
  }

  async function input(repos: Repositories, kind: DocumentKind, entry: EntryRecord, extra: Partial<DocumentInput>): Promise<DocumentInput> {
    return {
      kind,
      number: null,
      issuedAt: null,
      bureau: { name: bureau.name, address: bureau.address, contact: bureau.contact, seal: bureau.seal },
      person: await person(repos, entry.complainantId),
      entry,
      policy,
      defenceFrom: config.defenceFrom,
      coverage: null,
      earlier: await documentsOf(repos, entry.id),
      reason: null,
      ...extra,
    };
  }

  async function renderAndStore(id: string): Promise<Buffer> {
    if (!deps.pdf)
      throw new DomainError(
        'PDF_UNAVAILABLE',
        'No Chromium is configured to print PDFs (SIEVE_CHROMIUM_PATH); the HTML document can be printed from the console.',
      );
    const doc = await store.read.documents.get(id);
    if (!doc) throw notFound(`Document ${id}`);
    if (doc.pdf) return doc.pdf;
    let pdf: Buffer;
    try {
      pdf = await deps.pdf.render(doc.html);
    } catch (err) {
      log.warn({ documentId: id, err: (err as Error).message }, 'printing a document to PDF failed');
      throw new DomainError('PDF_UNAVAILABLE', 'Chromium could not print this document; try again later.');
    }
    const pdfSha256 = sha256(pdf);
    await store.write(async (tx) => {
      const at = now();
      // Another request may have stored one meanwhile: the first PDF stored is the document's.
      if (!(await tx.documents.setPdf(id, pdf, pdfSha256, at))) return;
      await tx.audit.append({
        entityType: 'registry_document',
        entityId: id,
        action: 'render_pdf',
        actor: 'system',
        at,
        data: { entryId: doc.entryId, kind: doc.kind, number: doc.number, htmlSha256: doc.htmlSha256, pdfSha256 },
      });
    });
    return (await store.read.documents.get(id))!.pdf!;
  }

  /** One print per document at a time; later callers wait for it. */
  function printPdf(id: string): Promise<Buffer> {
    let running = inFlight.get(id);
    if (!running) {
      running = renderAndStore(id).finally(() => inFlight.delete(id));
      inFlight.set(id, running);
    }
    return running;
  }

  return {
    pdfEnabled: deps.pdf !== null,

    /**
     * Issues a document inside the caller's transaction: takes the next number, renders the HTML
     * from the bureau's template and stores it. A template failure undoes the whole step, number
     * included.
     */
    async issue(
      tx: WriteContext,
      kind: DocumentKind,
      entry: EntryRecord,
      opts: { by: string; at: number; reason?: string; coverage?: Coverage },
    ): Promise<IssuedDocument> {
      const year = shanghaiYear(opts.at);
      const prefix = config.prefixes[kind];
      const seq = await tx.documents.nextNumber(prefix, year);
      const number = documentNumber(prefix, year, seq);
      const html = templates.render(
        kind,
        documentContext(await input(tx, kind, entry, { number, issuedAt: opts.at, coverage: opts.coverage ?? null, reason: opts.reason ?? null })),
      );
      const doc = { id: newId('d'), entryId: entry.id, kind, number, year, seq, html, htmlSha256: sha256(html), pdf: null, pdfSha256: null, pdfAt: null };
      await tx.documents.insert({ ...doc, createdAt: opts.at, createdBy: opts.by });
      return { id: doc.id, kind, number, html, htmlSha256: doc.htmlSha256 };
    },

    /** The notice while proposed: the same template, marked 草稿, without a number or date. */
    async draftNotice(entry: EntryRecord): Promise<string> {
      return templates.render('notice', documentContext(await input(store.read, 'notice', entry, {})));
    },

    /** Prints newly issued documents in the background; a failure is logged and retried on request. */
    printLater(ids: string[]): void {
      if (!deps.pdf) return;
      for (const id of ids) printPdf(id).catch(() => undefined);
    },

    /** Waits for the prints under way (before the store closes). */
    async settle(): Promise<void> {
      await Promise.allSettled([...inFlight.values()]);
    },

    async list(entryId: string) {
      if (!(await store.read.registry.get(entryId))) throw notFound(`Registry entry ${entryId}`);
      return { items: (await documentsOf(store.read, entryId)).map((d) => documentView(d, d.service)) };
    },

    async html(id: string): Promise<string> {
      const doc = await store.read.documents.get(id);
      if (!doc) throw notFound(`Document ${id}`);
      return doc.html;
    },

    async pdf(id: string): Promise<{ pdf: Buffer; number: string }> {
      const doc = await store.read.documents.get(id);
      if (!doc) throw notFound(`Document ${id}`);
      return { pdf: doc.pdf ?? (await printPdf(id)), number: doc.number };
    },

    /**
     * Records how and when a document reached the person. With SIEVE_DEFENCE_FROM=service, the
     * service of a notice starts the defence window: the deadline is the end of the n-th working
     * day after the day of service.
     */
    async recordService(id: string, body: ServiceBody, principal: Principal) {
      const problems = [];
      const day = /^\d{4}-\d{2}-\d{2}$/.test(body.servedOn) ? body.servedOn : null;
      let servedEnd: number | null = null;
      try {
        if (day) servedEnd = endOfShanghaiDay(day);
      } catch {
        servedEnd = null;
      }
      if (servedEnd === null) problems.push({ path: '/servedOn', message: 'must be a date (YYYY-MM-DD)' });
      const at = now();
      if (servedEnd !== null && day! > shanghaiDateOf(at)) problems.push({ path: '/servedOn', message: 'must not be in the future' });
      if (problems.length) throw validationFailed(problems);
      const note = body.note === undefined ? undefined : maskText(body.note);

      return store.write(async (tx) => {
        const doc = await tx.documents.get(id);
        if (!doc) throw notFound(`Document ${id}`);
        if (day! < shanghaiDateOf(doc.createdAt))
          throw validationFailed([{ path: '/servedOn', message: `must not be before the document was issued (${shanghaiDateOf(doc.createdAt)})` }]);
        if ((await tx.documents.serviceOf([id])).length > 0)
          throw new DomainError('ALREADY_SERVED', `The service of document ${doc.number} is already recorded.`);
        const entry = (await tx.registry.get(doc.entryId))!;
        const record: ServiceRecord = {
          documentId: id,
          method: body.method,
          servedOn: day!,
          note: note?.text ?? null,
          recordedBy: principal.name,
          recordedAt: at,
        };
        await tx.documents.insertService(record);

        const patch: Partial<EntryRecord> = {};
        let coverage: Coverage | undefined;
        let deadline: number | undefined;
        if (config.defenceFrom === 'service' && doc.kind === 'notice' && entry.state === 'notified' && entry.deadline === null) {
          const last = calendar.addWorkingDays(day!, policy.defenceWorkingDays);
          deadline = patch.deadline = endOfShanghaiDay(last);
          coverage = calendar.coverageBetween(day!, last);
        }
        await recordChange(tx, entry, patch, {
          action: 'record_service',
          actor: principal.name,
          at,
          reason: note?.text ?? `${DOCUMENT_TITLES[doc.kind]}${doc.number}已${body.method}`,
          fromState: entry.state,
          data: {
            complainantId: entry.complainantId,
            documentId: id,
            number: doc.number,
            method: body.method,
            servedOn: day,
            ...(deadline !== undefined ? { deadline: formatTime(deadline) } : {}),
            ...(coverage && coverage !== 'official' ? { deadlineCoverage: coverage } : {}),
          },
        });
        if (note) await tx.identity.recordTextIdentifiers('registry_entry', entry.id, note.found);
        return documentView(doc, record);
      });
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
