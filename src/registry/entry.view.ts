/** How an entry is shown over the API: contract fields, times in +08:00, history from the audit chain. */
import { formatOptionalTime, formatTime } from '../shared/time.js';
import type { AuditRecord } from './audit.js';
import { formatShanghai, sunsetReviewDue } from './calendar.js';
import type { EntryRecord } from './entry.js';
import { redactFreeText } from '../identity/free-text.js';
import { shownReason, type ReasonParams } from './reasons.js';

export interface HistoryItem {
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  fromState: string | null;
  toState: string | null;
  /** A system step's reason code and parameters; `reason` is then its Chinese wording. */
  reasonCode?: string;
  reasonParams?: ReasonParams;
}

export function historyItem(r: AuditRecord): HistoryItem {
  // Records from before free text was masked keep their words (the chain is never rewritten); shown masked.
  return {
    action: r.action,
    actor: r.actor,
    at: formatTime(r.at),
    ...shownReason(redactFreeText(r.reason), r.data),
    fromState: r.fromState ?? null,
    toState: r.toState ?? null,
  };
}

export function entryView(e: EntryRecord, opts: { now: number; history?: AuditRecord[]; withEvidence?: boolean }) {
  return {
    id: e.id,
    complainantId: e.complainantId,
    state: e.state,
    origin: e.origin,
    createdAt: formatTime(e.createdAt),
    createdBy: e.createdBy,
    updatedAt: formatTime(e.updatedAt),
    proposedBy: e.proposedBy ?? undefined,
    proposedAt: formatOptionalTime(e.proposedAt),
    approvedBy: e.approvedBy ?? undefined,
    approvedAt: formatOptionalTime(e.approvedAt),
    deadline: e.state === 'notified' && e.deadline !== null ? formatShanghai(e.deadline) : undefined,
    defences: (e.defences ?? []).map((d) => ({ at: formatTime(d.at), by: d.by, text: redactFreeText(d.text) })),
    heldBy: e.heldBy ?? undefined,
    decision: e.decision ?? undefined,
    decidedBy: e.decidedBy ?? undefined,
    decidedAt: formatOptionalTime(e.decidedAt),
    decisionReason: redactFreeText(e.decisionReason) ?? undefined,
    listedAt: e.state === 'listed' ? formatOptionalTime(e.listedAt) : undefined,
    expiresAt: e.state === 'listed' ? formatOptionalTime(e.expiresAt) : undefined,
    sunsetReviewDue: e.state === 'listed' && e.expiresAt !== null ? sunsetReviewDue(e.expiresAt, opts.now) : undefined,
    measures: e.measures ?? [],
    evidence: opts.withEvidence === false ? undefined : (e.evidence ?? undefined),
    renewals: e.renewals?.length
      ? e.renewals.map((r) => ({
          at: formatTime(r.at),
          by: r.by,
          reason: redactFreeText(r.reason),
          evidence: opts.withEvidence === false ? undefined : r.evidence,
        }))
      : undefined,
    history: opts.history?.map(historyItem),
  };
}

export type EntryView = ReturnType<typeof entryView>;
