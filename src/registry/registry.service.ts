/**
 * The registry's due process over storage: every action is one transaction that loads the entry,
 * asks the pure state machine, freezes evidence or renders the notice where the step requires it,
 * writes the entry and its audit record, and re-points the complainant's registry state.
 */
import { readPage } from '../shared/cursor.js';
import { formatOptionalTime } from '../shared/time.js';
import type { Config } from '../config.js';
import type { Store, WriteContext } from '../storage/ports.js';
import type { Principal } from '../auth/permissions.js';
import { DomainError, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { RuleSetService } from '../detection/rules.service.js';
import { loadHistory } from '../detection/history.js';
import { assess } from '../detection/assess.js';
import { formatShanghai, type Calendar } from './calendar.js';
import {
  availableActions,
  checkRequest,
  OPEN_STATES,
  create,
  transition,
  type ActionRequest,
  type Actor,
  type Measure,
  type Refusal,
  type TransitionContext,
} from './state-machine.js';
import { reasonText } from './reasons.js';
import { personSummaries } from '../identity/person-summary.js';
import { buildBundle, hasNewEvidence } from './evidence.js';
import { recordChange } from './flagging.js';
import { newEntry, type EntryRecord, type EvidenceBundle } from './entry.js';
import { entryView } from './entry.view.js';
import type { FreeTextMasker } from '../identity/free-text.js';
import type { DocumentKind } from '../documents/document.js';
import type { DocumentService } from '../documents/documents.service.js';

/** The document each step issues (告知书 at approval, 决定书 at listing, 移出 documents at the end). */
function documentKindOf(request: ActionRequest): DocumentKind | null {
  switch (request.action) {
    case 'approve_notice':
      return 'notice';
    case 'decide':
      return request.decision === 'list' ? 'decision' : null;
    case 'remove':
      return 'removal';
    case 'expire':
      return 'expiry';
    default:
      return null;
  }
}

/** Defence window, listing term, sunset-review lead and bureau name (configuration, defaults there). */
export type RegistryPolicy = Config['registry'];

export interface ActionBody {
  action: ActionRequest['action'];
  reason: string;
  decision?: 'list' | 'drop';
  defence?: string;
  measures?: Measure[];
}

function refusal(r: Refusal): DomainError {
  return new DomainError(r.code, r.message, r.details);
}

/** Times in a refusal's parameters go out as the API gives times (+08:00). */
function timesFormatted(params: Record<string, string | number | string[]>) {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' && /At$|^deadline$/.test(k) ? formatShanghai(v) : v]));
}

export function createRegistryService(deps: {
  store: Store;
  rules: RuleSetService;
  calendar: Calendar;
  now: () => number;
  policy: RegistryPolicy;
  maskText: FreeTextMasker;
  documents: Pick<DocumentService, 'issue' | 'draftNotice' | 'printLater'>;
  defenceFrom: 'approval' | 'service';
}) {
  const { store, rules, calendar, now, maskText, documents } = deps;
  const { policy } = deps;
  const ctxAt = (at: number): TransitionContext => ({
    now: at,
    calendar,
    defenceWorkingDays: policy.defenceWorkingDays,
    termMonths: policy.termMonths,
    renewWindowDays: policy.renewWindowDays,
    defenceFrom: deps.defenceFrom,
  });

  /**
   * The bundle behind a proposal: the complainant's current assessment (latest asOf, same rule
   * version) recomputed without trimming evidence lists, with the complaints it rests on.
   */
  async function freeze(tx: WriteContext, complainantId: string, by: string, at: number) {
    const current = await tx.assessments.currentFor(complainantId);
    const rs = current ? await rules.get(current.ruleSetVersion, tx) : await rules.active(tx);
    const asOf = current?.asOf ?? at;
    const history = await loadHistory(tx, complainantId, asOf, rs);
    const assessment = assess(history.input, rs, { cap: Infinity });
    return { bundle: buildBundle({ history, assessment, ruleSet: rs, frozenAt: at, frozenBy: by }), seqOf: history.seqOf };
  }

  function snapshot(entry: EntryRecord) {
    return {
      state: entry.state,
      proposedBy: entry.proposedBy ?? undefined,
      approvedBy: entry.approvedBy ?? undefined,
      deadline: entry.deadline ?? undefined,
      defenceRecordedAt: entry.defences?.at(-1)?.at,
      listedAt: entry.listedAt ?? undefined,
      expiresAt: entry.expiresAt ?? undefined,
      measures: entry.measures ?? [],
    };
  }

  /** The entry as one person sees it: with what they may do now and why not the rest. */
  async function view(repos: Store['read'] | WriteContext, entry: EntryRecord, actor: Actor) {
    const at = now();
    return {
      ...entryView(entry, { now: at, history: await repos.audit.forEntity(entry.id) }),
      allowedActions: availableActions(snapshot(entry), actor, ctxAt(at)).map((a) => ({
        ...a,
        unavailable: a.unavailable && { code: a.unavailable.code, params: timesFormatted(a.unavailable.params) },
      })),
    };
  }

  /**
   * `reasonCode`: a system step's reason, stored as a code (reasons.ts) instead of a sentence.
   * Returns the changed entry and the id of the document the step issued, if any.
   */
  async function applyAction(
    tx: WriteContext,
    entry: EntryRecord,
    request: ActionRequest,
    at: number,
    reasonCode?: string,
  ): Promise<{ entry: EntryRecord; documentId?: string }> {
    let hasNew: boolean | undefined;
    let renewal: EvidenceBundle | undefined;
    if (request.action === 'renew' && entry.state === 'listed') {
      const frozen = await freeze(tx, entry.complainantId, request.actor.name, at);
      renewal = frozen.bundle;
      const previous = entry.renewals?.at(-1)?.evidence ?? entry.evidence;
      hasNew = hasNewEvidence(renewal.findings, frozen.seqOf, previous?.maxComplaintSeq ?? 0);
    }
    const result = transition(snapshot(entry), { ...request, hasNewEvidence: hasNew }, ctxAt(at));
    if (!result.ok) throw refusal(result);

    const patch: Partial<EntryRecord> = { state: result.to };
    const p = result.patch;
    if (p.measures) patch.measures = p.measures;
    if (request.action === 'claim') patch.heldBy = request.actor.name;
    if (p.proposedBy) Object.assign(patch, { proposedBy: p.proposedBy, proposedAt: at });
    if (p.approvedBy) Object.assign(patch, { approvedBy: p.approvedBy, approvedAt: at });
    if (p.deadline !== undefined) patch.deadline = p.deadline;
    if (p.listedAt !== undefined) Object.assign(patch, { listedAt: p.listedAt, expiresAt: p.expiresAt });
    if (result.defence !== undefined) patch.defences = [...(entry.defences ?? []), { at, by: request.actor.name, text: result.defence }];
    if (request.action === 'decide')
      Object.assign(patch, { decision: request.decision, decidedBy: request.actor.name, decidedAt: at, decisionReason: request.reason });
    if (request.action === 'propose') patch.evidence = (await freeze(tx, entry.complainantId, request.actor.name, at)).bundle;
    if (renewal) patch.renewals = [...(entry.renewals ?? []), { at, by: request.actor.name, reason: request.reason, evidence: renewal }];
    if (result.to === 'dismissed' || result.to === 'removed') Object.assign(patch, { closedAt: at, closedSeq: await tx.complaints.maxSeq() });
    // Documents are frozen as issued: later changes to the code, templates or data never alter them.
    const kind = documentKindOf(request);
    const doc = kind
      ? await documents.issue(tx, kind, { ...entry, ...patch }, { by: request.actor.name, at, reason: request.reason, coverage: result.deadlineCoverage })
      : undefined;
    if (doc?.kind === 'notice') patch.noticeHtml = doc.html;
    const changed = await recordChange(tx, entry, patch, {
      action: result.auditAction,
      actor: request.actor.name,
      at,
      reason: reasonCode ? null : request.reason,
      fromState: entry.state,
      data: {
        complainantId: entry.complainantId,
        ...(reasonCode ? { reasonCode } : {}),
        ...(request.decision ? { decision: request.decision } : {}),
        ...(patch.measures ? { measures: patch.measures } : {}),
        ...(result.defence !== undefined ? { defence: result.defence } : {}),
        ...(result.answersDefence ? { answersDefence: true } : {}),
        ...(patch.deadline !== undefined ? { deadline: formatOptionalTime(patch.deadline) ?? null } : {}),
        ...(p.expiresAt !== undefined ? { expiresAt: formatOptionalTime(p.expiresAt) ?? null } : {}),
        ...(result.deadlineCoverage && result.deadlineCoverage !== 'official' ? { deadlineCoverage: result.deadlineCoverage } : {}),
        ...(doc ? { document: { id: doc.id, kind: doc.kind, number: doc.number, htmlSha256: doc.htmlSha256 } } : {}),
      },
    });
    return { entry: changed, documentId: doc?.id };
  }

  return {
    async act(entryId: string, body: ActionBody, principal: Principal) {
      const early = checkRequest({ ...body, actor: { name: principal.name, role: principal.role } });
      if (early) throw refusal(early);
      // Checked as sent; stored (entry, audit record) with personal numbers masked.
      const reason = maskText(body.reason);
      const defence = body.defence === undefined ? undefined : maskText(body.defence);
      const request: ActionRequest = { ...body, reason: reason.text, defence: defence?.text, actor: { name: principal.name, role: principal.role } };
      const { answer, documentId } = await store.write(async (tx) => {
        const entry = await tx.registry.get(entryId);
        if (!entry) throw notFound(`Registry entry ${entryId}`);
        const changed = await applyAction(tx, entry, request, now());
        await tx.identity.recordTextIdentifiers('registry_entry', entry.id, [...reason.found, ...(defence?.found ?? [])]);
        return { answer: await view(tx, changed.entry, request.actor), documentId: changed.documentId };
      });
      if (documentId) documents.printLater([documentId]);
      return answer;
    },

    /** A reviewer's reasoned proposal, whatever the person's level: the reason is the basis. */
    async proposeManually(body: { complainantId: string; reason: string; measures?: Measure[] }, principal: Principal) {
      const created = create({ kind: 'manual_proposal', actor: { name: principal.name, role: principal.role }, reason: body.reason, measures: body.measures });
      if (!created.ok) throw refusal(created);
      const reason = maskText(body.reason);
      return store.write(async (tx) => {
        const complainant = await tx.identity.findById(body.complainantId);
        if (!complainant) throw notFound(`Complainant ${body.complainantId}`);
        const rootId = complainant.mergedInto ?? complainant.id;
        if (await tx.registry.openFor(rootId)) throw new DomainError('ENTRY_OPEN', `Complainant ${rootId} already has an open registry entry.`);
        const at = now();
        const entry = newEntry({
          id: newId('r'),
          complainantId: rootId,
          state: 'proposed',
          origin: 'manual',
          createdAt: at,
          createdBy: principal.name,
          proposedBy: principal.name,
          proposedAt: at,
          heldBy: principal.name,
          measures: created.entry.measures,
          evidence: (await freeze(tx, rootId, principal.name, at)).bundle,
        });
        const saved = await recordChange(
          tx,
          entry,
          {},
          {
            action: created.auditAction,
            actor: principal.name,
            at,
            reason: reason.text,
            fromState: null,
            data: { complainantId: rootId, measures: entry.measures },
          },
        );
        await tx.identity.recordTextIdentifiers('registry_entry', saved.id, reason.found);
        return view(tx, saved, { name: principal.name, role: principal.role });
      });
    },

    async get(entryId: string, principal: Principal) {
      const entry = await store.read.registry.get(entryId);
      if (!entry) throw notFound(`Registry entry ${entryId}`);
      return view(store.read, entry, { name: principal.name, role: principal.role });
    },

    /**
     * `defence`: notified entries whose defence window is still `running` or `over` (the deadline
     * is its last millisecond); `open`: only entries still in due process.
     */
    async list(q: {
      state?: string;
      complainantId?: string;
      heldBy?: string;
      defence?: 'running' | 'over';
      open?: boolean;
      limit: number;
      after?: { createdAt: number; id: string };
    }) {
      const at = now();
      const { defence, open, ...rest } = q;
      const query = {
        ...rest,
        ...(defence ? { states: ['notified'], ...(defence === 'over' ? { deadlineBefore: at } : { deadlineFrom: at }) } : {}),
        ...(open && !defence ? { states: OPEN_STATES } : {}),
      };
      const { rows, next } = await readPage(
        q.limit,
        (limit) => store.read.registry.page({ ...query, limit }),
        (last) => ({ createdAt: last.createdAt, id: last.id }),
      );
      const people = await personSummaries(
        store.read,
        rows.map((e) => e.complainantId),
      );
      return { items: rows.map((e) => ({ ...entryView(e, { now: at, withEvidence: false }), person: people.get(e.complainantId) })), next };
    },

    /** The notice: a draft from `proposed`, the frozen document from `approve_notice` on. */
    async notice(entryId: string): Promise<string> {
      const entry = await store.read.registry.get(entryId);
      if (!entry) throw notFound(`Registry entry ${entryId}`);
      if (entry.noticeHtml) return entry.noticeHtml;
      if (entry.state !== 'proposed' || !entry.evidence)
        throw new DomainError('INVALID_TRANSITION', `There is no notice for an entry in state ${entry.state}; notices exist from proposed on.`);
      return documents.draftNotice(entry);
    },

    /** Ends listings whose term is over; recorded like any decision, by the system. */
    async expireDue(): Promise<number> {
      const at = now();
      const due = await store.read.registry.expiredListings(at);
      let expired = 0;
      for (const candidate of due) {
        const documentId = await store.write(async (tx) => {
          const entry = await tx.registry.get(candidate.id);
          if (entry?.state !== 'listed') return undefined;
          const changed = await applyAction(
            tx,
            entry,
            { action: 'expire', actor: { name: 'system', role: 'system' }, reason: reasonText('expire.term')! },
            at,
            'expire.term',
          );
          expired += 1;
          return changed.documentId;
        });
        if (documentId) documents.printLater([documentId]);
      }
      return expired;
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
