/**
 * The path of a complaint: validate → hash identifiers and analyse the text (outside the write
 * lock) → in one transaction: idempotency check, resolve the complainant, find near-duplicates,
 * store, assess, maybe flag → remember the answer for replays → index the text after commit.
 */
import { DomainError, notFound, validationFailed } from '../shared/errors.js';
import { newOrderedId } from '../shared/ids.js';
import { formatTime } from '../shared/time.js';
import { toYuan } from '../shared/money.js';
import type { NewComplaint, Store, StoredComplaint, WriteContext } from '../storage/ports.js';
import type { PiiHasher } from '../identity/pii.js';
import type { FreeTextMasker } from '../identity/free-text.js';
import { resolveComplainant } from '../identity/resolution.js';
import { validateComplaint, validateEvent, type ComplaintInput } from './complaint.validation.js';
import { prepareComplaint, type Prepared, type PreparedItem, type PrepareTools, type TextAnalysis } from './prepare.js';
import { createPreparer, type Preparer } from './prepare-pool.js';
import type { EventType } from './complaint.schema.js';
import type { ErrorBody } from '../shared/errors.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRecord } from '../storage/ports.js';
import type { AssessmentView } from '../detection/types.js';
import type { RegistryState } from '../registry/state-machine.js';
import { ItemClock, groupTimings, type GroupTiming } from './timing.js';

export interface IntakeResult {
  id: string;
  externalId: string;
  complainantId: string;
  assessment: AssessmentView;
  registry: { state: RegistryState | 'none'; entryId?: string };
}

/** What caused an assessment: stored with it. */
export type AssessmentSource = 'intake' | 'event' | 'merge' | 'rescan';

export interface SimilarMatch {
  seq: number;
  similarity: number;
}

/** A near-duplicate with what the stored pairs and the indicators need of it. */
export interface ClassifiedMatch extends SimilarMatch {
  /** The record that filed the matched complaint, and when it was received. */
  complainantId: string;
  receivedAt: number;
  sameComplainant: boolean;
}

/** A near-duplicate as stored for a replay: complaint seq, rounded similarity, same complainant (1) or not (0). */
export type SimilarRef = [number, number, 0 | 1];

/** Near-duplicates an answer shows per group (same complainant, others). */
export const PAIRS_PER_GROUP = 20;
/** Pairs stored per complaint and group: enough for the indicators and the complaint's page. */
const STORED_PAIRS_PER_GROUP = 10;
const SELF_MATCHES = 5;

/** The detection side of intake; the foundation ships a neutral one, the detection engine the real one. */
export interface IntakeDetection {
  analyse(input: ComplaintInput): TextAnalysis;
  /** Near-duplicates of the text among committed complaints, verified, best first. */
  findSimilar(tx: WriteContext, analysis: TextAnalysis, rootId: string): Promise<ClassifiedMatch[]>;
  /** Adds the text to the near-duplicate index (inside the transaction that stores it), with who filed it when. */
  indexed(seq: number, analysis: TextAnalysis, filed: { id: string; externalId: string; receivedAt: number; complainantId: string }): void;
  /** Takes a text out of the index again when its transaction is undone. */
  unindexed(seq: number): void;
  /** A complaint stored inside `tx`, with its pairs, as detection would read them back (before it is assessed). */
  stored(tx: WriteContext, complaint: StoredComplaint): void;
  /**
   * An assessment as first answered, as of `asOf`, from its stored row and the near-duplicates it
   * named. The row may be older than the answer: an assessment that said exactly what the
   * complainant's current one said was not stored again (detection/engine.ts).
   */
  storedAssessment(tx: WriteContext, seq: number, similar: SimilarRef[], asOf: number): Promise<AssessmentView>;
  /** Assess the complainant as of `asOf` and apply the registry consequences, inside the transaction. */
  assess(
    tx: WriteContext,
    args: { rootId: string; asOf: number; source: AssessmentSource; sourceId: string; similar?: ClassifiedMatch[] },
  ): Promise<{ assessment: AssessmentView; assessmentSeq: number; similarRefs: SimilarRef[]; registry: IntakeResult['registry'] }>;
}

export interface IntakeDeps {
  store: Store;
  hashPii: PiiHasher;
  /** Masks personal numbers typed into the text and notes before anything else reads them. */
  maskText: FreeTextMasker;
  now: () => number;
  detection: IntakeDetection;
  /** Where an unexpected failure of one batch item is reported (the item is answered, not the request). */
  log: { error(obj: object, msg: string): void };
  /** Prepares batch items (worker threads); without one, batches are prepared on this thread. */
  preparer?: Preparer;
}

/** The bulk import's answer for an item: it stores complaints unassessed, so no assessment on new ones. */
export type ImportedResult = Omit<IntakeResult, 'assessment'> & { assessment: AssessmentView | null };

export type BatchItemResult<R = IntakeResult> =
  | ({ externalId: string | null; status: 'created' | 'duplicate' } & R)
  | { externalId: string | null; status: 'conflict' | 'invalid'; error: ErrorBody['error'] };

/**
 * Batch items share a transaction in groups of at most this many, and a group closes early once it
 * has taken GROUP_MS: commits are amortised, and between groups the thread turns to other requests
 * (a single post, a health check), which then wait at most one group.
 */
const BATCH_TRANSACTION = 25;
const GROUP_MS = 15;

/**
 * Resolves once the event loop has been round its timers and I/O at least once. One setImmediate
 * is not enough: a group that began in the I/O phase (the first one, where its slice arrived; one
 * that waited for the checkpoint thread or for another write) resolves it in that same turn's
 * check phase, and the next group then followed it with no request or health check between — the
 * first two groups of every batch held the thread as one.
 */
const fullTurn = () => nextTurn().then(() => nextTurn());

/**
 * The import's transaction groups: it runs while the service is stopped, so nobody waits between
 * groups, and larger ones write each page that several items touch once.
 */
const IMPORT_GROUP = 500;

/**
 * What is stored on a complaint to answer a replay: the assessment itself is read from its row.
 * `assessmentSeq` is null for a complaint loaded by the bulk import, which nobody was answered for: its
 * first replay assesses it as of its own receipt and stores that answer (intake/import.ts).
 */
interface StoredResult {
  id: string;
  externalId: string;
  complainantId: string;
  assessmentSeq: number | null;
  similar: SimilarRef[];
  registry: IntakeResult['registry'];
}

export function createIntakeService(deps: IntakeDeps) {
  const { store, hashPii, maskText, now, detection, log } = deps;

  const tools: PrepareTools = { hashPii, maskText, analyse: (input) => detection.analyse(input) };
  const preparer = deps.preparer ?? createPreparer({ tools, piiKeyHex: '', threads: 0 });

  /** Rebuilds the first answer from what was stored with it; both parts never change. */
  async function replay(tx: WriteContext, seq: number, receivedAt: number, stored: StoredResult): Promise<IntakeResult> {
    if (stored.assessmentSeq === null) {
      // Imported, never answered: answer now, as of its receipt, and keep that as its answer.
      const first = await detection.assess(tx, { rootId: stored.complainantId, asOf: receivedAt, source: 'intake', sourceId: stored.id });
      const answered: StoredResult = { ...stored, assessmentSeq: first.assessmentSeq, similar: first.similarRefs, registry: first.registry };
      await tx.complaints.setResult(seq, answered);
      return { id: stored.id, externalId: stored.externalId, complainantId: stored.complainantId, assessment: first.assessment, registry: first.registry };
    }
    const { assessmentSeq, similar, ...rest } = stored;
    return { ...rest, assessment: await detection.storedAssessment(tx, assessmentSeq, similar, receivedAt) };
  }

  /** Stores a prepared complaint; `assess: false` (the bulk import) leaves assessment for later. */
  async function ingest(tx: WriteContext, p: Prepared): Promise<{ created: boolean; result: IntakeResult }>;
  async function ingest(tx: WriteContext, p: Prepared, assess: boolean): Promise<{ created: boolean; result: ImportedResult }>;
  async function ingest(tx: WriteContext, p: Prepared, assess = true): Promise<{ created: boolean; result: ImportedResult }> {
    const { input, identifiers, contentHash, analysis, inText } = p;
    const existing = await tx.complaints.findByExternalId(input.externalId);
    if (existing) {
      if (existing.contentHash !== contentHash)
        throw new DomainError('DUPLICATE_EXTERNAL_ID', `externalId ${input.externalId} was already used for a complaint with different content.`);
      if (!assess)
        return {
          created: false,
          result: {
            id: existing.id,
            externalId: existing.externalId,
            complainantId: existing.complainantId,
            assessment: null,
            registry: { state: 'none' as const },
          },
        };
      return { created: false, result: await replay(tx, existing.seq, existing.receivedAt, existing.result as StoredResult) };
    }
    const clock = ItemClock.begin();
    const storedAt = now();
    const { record, rootId } = await resolveComplainant(tx.identity, identifiers, {
      receivedAt: input.receivedAt,
      name: input.complainant.name,
      now: storedAt,
    });
    clock?.mark('resolve');
    const matches = await detection.findSimilar(tx, analysis, rootId);
    clock?.mark('search');
    const own = matches.filter((m) => m.sameComplainant);
    const kept = [...own.slice(0, STORED_PAIRS_PER_GROUP), ...matches.filter((m) => !m.sameComplainant).slice(0, STORED_PAIRS_PER_GROUP)];
    const id = newOrderedId('c');
    // Loaded by the import, the answer a replay starts from is known now: stored with the row
    // rather than written into it again after assessment.
    const unanswered: StoredResult = { id, externalId: input.externalId, complainantId: rootId, assessmentSeq: null, similar: [], registry: { state: 'none' } };
    const row: NewComplaint = {
      id,
      externalId: input.externalId,
      contentHash,
      complainantId: record.id,
      kind: input.kind,
      receivedAt: input.receivedAt,
      channel: input.channel,
      complainantName: input.complainant.name,
      complainantAddress: input.complainant.address,
      idType: identifiers.idType,
      idMasked: identifiers.keys.find((k) => k.keyType === 'id')?.identifier.masked,
      phoneMasked: identifiers.keys.find((k) => k.keyType === 'phone')?.identifier.masked,
      accountMasked: identifiers.keys.find((k) => k.keyType === 'account')?.identifier.masked,
      respondentName: input.respondent.name,
      respondentCreditCode: input.respondent.creditCode,
      respondentRegion: input.respondent.region,
      respondentPlatform: input.respondent.platform,
      respondentShopId: input.respondent.shopId,
      purchaseAt: input.purchase?.at,
      purchaseAmount: input.purchase?.amount,
      purchaseQuantity: input.purchase?.quantity,
      purchaseProduct: input.purchase?.product,
      purchaseOrderIds: input.purchase?.orderIds,
      claimAmount: input.claim?.amount,
      claimPunitive: input.claim?.punitive,
      claimReward: input.claim?.reward,
      claimHarm: input.claim?.harm,
      text: input.text,
      textHash: analysis.textHash,
      facts: analysis.facts,
      signature: analysis.signature,
      textNormalised: analysis.normalised,
      selfMatches: own.slice(0, SELF_MATCHES).map((m) => ({ seq: m.seq, similarity: m.similarity })),
      result: assess ? {} : unanswered,
      createdAt: storedAt,
    };
    const seq = await tx.complaints.insert(row);
    await tx.complaints.insertPairs(
      { seq, receivedAt: input.receivedAt, complainantId: record.id },
      kept.map((m) => ({ otherSeq: m.seq, similarity: m.similarity, otherReceivedAt: m.receivedAt, otherComplainantId: m.complainantId })),
    );
    detection.stored(tx, {
      seq,
      complainantId: record.id,
      row: () => tx.complaints.detectionRowOf(seq, row),
      pairs: kept.map((m) => ({
        complaintSeq: seq,
        otherSeq: m.seq,
        similarity: m.similarity,
        complaintReceivedAt: input.receivedAt,
        complaintComplainant: record.id,
        otherReceivedAt: m.receivedAt,
        otherComplainant: m.complainantId,
      })),
    });
    clock?.mark('store');
    let answer: ImportedResult = { id, externalId: input.externalId, complainantId: rootId, assessment: null, registry: unanswered.registry };
    if (assess) {
      const { assessment, assessmentSeq, similarRefs, registry } = await detection.assess(tx, {
        rootId,
        asOf: input.receivedAt,
        source: 'intake',
        sourceId: id,
        similar: matches,
      });
      await tx.complaints.setResult(seq, { ...unanswered, assessmentSeq, similar: similarRefs, registry } satisfies StoredResult);
      answer = { ...answer, assessment, registry };
      clock?.mark('assess');
    }
    await tx.identity.recordTextIdentifiers('complaint', id, inText);
    // Indexed at once, so the next item of a batch sees it; taken out again if this is undone.
    detection.indexed(seq, analysis, { id, externalId: input.externalId, receivedAt: input.receivedAt, complainantId: record.id });
    tx.onRollback(() => detection.unindexed(seq));
    clock?.publish(input.externalId);
    return { created: true, result: answer };
  }

  /**
   * An item that fails for a reason of ours, not its content, is answered as not stored so that
   * one item never blocks the others: `invalid` with code INTERNAL, as the contract has no other
   * status for it. Retrying the item (or the whole batch) is safe.
   */
  function failed(externalId: string | null, err: unknown): BatchItemResult<never> {
    log.error({ err, externalId }, 'batch item failed; not stored');
    return {
      externalId,
      status: 'invalid',
      error: { code: 'INTERNAL', message: 'This item could not be stored because of an internal error; nothing of it was stored.', details: [] },
    };
  }

  /**
   * Prepared items stored in input order, each as if posted alone after the previous one, in
   * transaction groups that each wait for a full turn of the event loop first.
   */
  async function storeAll(slices: Array<Promise<PreparedItem[]>>, assess: true): Promise<BatchItemResult[]>;
  async function storeAll(slices: Array<Promise<PreparedItem[]>>, assess: false): Promise<BatchItemResult<ImportedResult>[]>;
  async function storeAll(slices: Array<Promise<PreparedItem[]>>, assess: boolean): Promise<BatchItemResult<ImportedResult>[]> {
    const results: BatchItemResult<ImportedResult>[] = [];
    // Items of the slices ready so far, not yet stored: their place in the batch and what to store.
    const todo: Array<{ index: number; p: Prepared }> = [];
    let sliceIndex = 0;
    // A slice that fails fails the request where it is awaited; the later ones must not go unhandled.
    for (const slice of slices) slice.catch(() => undefined);
    /** Takes in the next prepared slice; false when every slice has been taken in. */
    const more = async (): Promise<boolean> => {
      if (sliceIndex === slices.length) return false;
      for (const item of await slices[sliceIndex++]) {
        const index = results.length;
        results.push(undefined as unknown as BatchItemResult<ImportedResult>);
        if (item.ok) todo.push({ index, p: item.prepared });
        else if (item.error) results[index] = { externalId: item.externalId, status: 'invalid', error: item.error };
        else results[index] = failed(item.externalId, new Error(item.internal));
      }
      return true;
    };
    while (todo.length || (await more())) {
      if (!todo.length) continue;
      await fullTurn();
      const [groupItems, groupMs] = assess ? [BATCH_TRANSACTION, GROUP_MS] : [IMPORT_GROUP, Infinity];
      const began = performance.now();
      let items = 0;
      await store.write(async (tx) => {
        const started = performance.now();
        for (; items < groupItems && todo.length && (items === 0 || performance.now() - started < groupMs); items++) {
          const { index, p } = todo.shift()!;
          const externalId = p.input.externalId;
          try {
            const { created, result } = await tx.savepoint(() => ingest(tx, p, assess));
            results[index] = { ...result, externalId, status: created ? 'created' : 'duplicate' };
          } catch (err) {
            // The savepoint undid this item alone; the others go on.
            if (err instanceof DomainError && err.code === 'DUPLICATE_EXTERNAL_ID') results[index] = { externalId, status: 'conflict', error: err.toJSON() };
            else results[index] = failed(externalId, err);
          }
        }
      });
      if (groupTimings.hasSubscribers) groupTimings.publish({ start: began, ms: performance.now() - began, items } satisfies GroupTiming);
    }
    return results;
  }

  return {
    async submit(body: unknown) {
      const v = validateComplaint(body);
      if (!v.ok) throw validationFailed(v.details);
      const prepared = prepareComplaint(v.value, tools);
      return store.write((tx) => ingest(tx, prepared));
    },

    /** Items in input order, each exactly as if posted alone after the previous one. */
    async submitBatch(items: unknown[]): Promise<BatchItemResult[]> {
      return storeAll(preparer.prepareSlices(items), true);
    },

    /** Batch items prepared (worker threads), for `importBatch`: the import prepares the next batch while this one is stored. */
    prepareBatch: (items: unknown[]): Promise<PreparedItem[]> => preparer.prepareAll(items),

    /**
     * The bulk import's write path: each item stored, linked to its complainant, near-duplicate
     * searched, paired and indexed exactly as intake does, but not assessed — the import assesses
     * every complainant once at the end. Stored items answer `created`, known ones `duplicate`.
     */
    importBatch: (prepared: PreparedItem[]): Promise<BatchItemResult<ImportedResult>[]> => storeAll([Promise.resolve(prepared)], false),

    /** Stores an event on a complaint and assesses its complainant again. */
    addEvent: (complaintRef: string, body: unknown) => storeEvent(complaintRef, body, true),
    /** The bulk import's events: stored, not assessed (the import assesses everyone at the end). */
    importEvents,
  };

  /** Validates an event and masks its note, before any transaction. */
  function eventInput(body: unknown) {
    const v = validateEvent(body);
    if (!v.ok) throw validationFailed(v.details);
    const note = v.value.note == null ? null : maskText(v.value.note);
    return { input: { ...v.value, note: note?.text }, found: note?.found ?? null };
  }

  function storeEvent(complaintRef: string, body: unknown, assess: boolean): Promise<{ created: boolean; event: EventView }> {
    const checked = eventInput(body);
    return store.write((tx) => eventIn(tx, complaintRef, checked, assess));
  }

  /**
   * The import's events, in transaction groups like its complaints: each in a savepoint of its
   * own, so one refused event leaves the others stored. Answers in input order.
   */
  async function importEvents(items: Array<{ complaintRef: string; body: unknown }>): Promise<Array<{ created: boolean } | { error: unknown }>> {
    const answers: Array<{ created: boolean } | { error: unknown }> = [];
    for (let start = 0; start < items.length; start += IMPORT_GROUP) {
      await store.write(async (tx) => {
        for (const { complaintRef, body } of items.slice(start, start + IMPORT_GROUP))
          try {
            const checked = eventInput(body);
            answers.push({ created: (await tx.savepoint(() => eventIn(tx, complaintRef, checked, false))).created });
          } catch (error) {
            answers.push({ error });
          }
      });
    }
    return answers;
  }

  async function eventIn(
    tx: WriteContext,
    complaintRef: string,
    { input, found }: ReturnType<typeof eventInput>,
    assess: boolean,
  ): Promise<{ created: boolean; event: EventView }> {
    const complaint = complaintRef.startsWith('ext:')
      ? await tx.complaints.findByExternalId(complaintRef.slice(4))
      : await tx.complaints.findById(complaintRef);
    if (!complaint) throw notFound(`Complaint ${complaintRef}`);
    const existing = await tx.complaints.findEvent(complaint.id, input.type, input.at, input.amount ?? null);
    if (existing) return { created: false, event: eventView(existing) };
    const event = await tx.complaints.insertEvent({
      id: newOrderedId('e'),
      complaintId: complaint.id,
      complainantId: complaint.complainantId,
      type: input.type,
      at: input.at,
      amount: input.amount ?? null,
      note: input.note ?? null,
      createdAt: now(),
    });
    if (found) await tx.identity.recordTextIdentifiers('event', event.id, found);
    if (!assess) return { created: true, event: eventView(event) };
    const record = await tx.identity.findById(complaint.complainantId);
    const rootId = record?.mergedInto ?? complaint.complainantId;
    const latest = (await tx.complaints.latestReceivedAt(await tx.identity.members(rootId))) ?? input.at;
    await detection.assess(tx, { rootId, asOf: Math.max(input.at, latest), source: 'event', sourceId: event.id });
    return { created: true, event: eventView(event) };
  }
}

export interface EventView {
  id: string;
  complaintId: string;
  type: EventType;
  at: string;
  amount?: number;
  note?: string;
}

export function eventView(e: EventRecord): EventView {
  return {
    id: e.id,
    complaintId: e.complaintId,
    type: e.type,
    at: formatTime(e.at),
    ...(e.amount != null ? { amount: toYuan(e.amount) } : {}),
    ...(e.note != null ? { note: e.note } : {}),
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
