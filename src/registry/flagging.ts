/**
 * The only automatic step of the registry: a complainant whose assessment reaches `review` gets a
 * `flagged` entry — unless an entry is already open, they are allow-listed, or a dismissal or
 * removal already decided on the same evidence. Everything after `flagged` is human.
 *
 * Detection only assesses; whoever assessed (intake, an event, a merge, an applied rescan) offers
 * the assessment here, and the registry alone decides and writes — through the state machine's
 * `create()` and `recordChange()`, the one path every entry change takes.
 */
import type { WriteContext } from '../storage/ports.js';
import type { Assessment } from '../detection/types.js';
import { newId } from '../shared/ids.js';
import { hasNewEvidence } from './evidence.js';
import { newEntry, type EntryRecord } from './entry.js';
import { create, type RegistryState } from './state-machine.js';

/** The registry as it stands for one complainant at the moment of a decision to flag. */
export interface RegistryStanding {
  open: boolean;
  allowListed: boolean;
  /** Complaint seq when the latest dismissal/removal was decided, if any. */
  closedSeq: number | null;
}

export type FlagOutcome = 'flag' | 'below_review' | 'open_entry' | 'allow_listed' | 'same_evidence';

export function flagDecision(assessment: Assessment, standing: RegistryStanding, seqOf: Map<string, number>): FlagOutcome {
  if (assessment.level !== 'review') return 'below_review';
  if (standing.open) return 'open_entry';
  if (standing.allowListed) return 'allow_listed';
  if (standing.closedSeq !== null && !hasNewEvidence(assessment.findings, seqOf, standing.closedSeq)) return 'same_evidence';
  return 'flag';
}

/** The current standing (intake, events and non-dry rescans act on the registry as it is now). */
export async function currentStanding(tx: WriteContext, rootId: string, now: number): Promise<RegistryStanding> {
  const open = await tx.registry.openFor(rootId);
  const allowed = await tx.registry.allowedAt([rootId], now, now);
  const closed = open ? undefined : await tx.registry.lastClosedFor(rootId);
  return { open: !!open, allowListed: allowed.length > 0, closedSeq: closed?.closedSeq ?? null };
}

/** Writes an entry change with its audit record and the complainant's current registry state. */
export async function recordChange(
  tx: WriteContext,
  entry: EntryRecord,
  patch: Partial<EntryRecord>,
  audit: { action: string; actor: string; at: number; reason: string | null; fromState: string | null; data?: unknown },
): Promise<EntryRecord> {
  const next: EntryRecord = { ...entry, ...patch, updatedAt: audit.at };
  if (audit.fromState === null) await tx.registry.insert(next);
  else await tx.registry.update(entry.id, { ...patch, updatedAt: audit.at });
  await tx.audit.append({
    entityType: 'registry_entry',
    entityId: entry.id,
    action: audit.action,
    actor: audit.actor,
    at: audit.at,
    reason: audit.reason,
    fromState: audit.fromState,
    toState: next.state,
    data: audit.data ?? { complainantId: entry.complainantId },
  });
  await tx.identity.setRegistryState(entry.complainantId, next.state);
  return next;
}

/**
 * An assessment offered to the registry: flags the complainant when the rule above says so.
 * `evidenceSeqs` (complaint id → storage seq of the findings' evidence) is asked for only when a
 * dismissal or removal must be compared with.
 */
export async function offerAssessment(
  tx: WriteContext,
  args: { rootId: string; assessment: Assessment; assessmentSeq: number; evidenceSeqs: () => Promise<Map<string, number>>; now: number },
): Promise<FlagOutcome> {
  const { rootId, assessment, now } = args;
  if (assessment.level !== 'review') return 'below_review';
  const standing = await currentStanding(tx, rootId, now);
  const outcome = flagDecision(assessment, standing, standing.closedSeq === null ? new Map() : await args.evidenceSeqs());
  if (outcome !== 'flag') return outcome;
  // Stored as a code with its parameters and worded where shown (reasons.ts).
  const reasonCode = 'flag.review';
  const reasonParams = { score: assessment.score, ruleSetVersion: assessment.ruleSetVersion };
  const created = create({ kind: 'flag', actor: { name: 'system', role: 'system' }, reason: reasonCode });
  if (!created.ok) throw new Error(`The state machine refused an automatic flag: ${created.message}`);
  const entry = newEntry({ id: newId('r'), complainantId: rootId, state: created.entry.state, origin: 'automatic', createdAt: now, createdBy: 'system' });
  await recordChange(
    tx,
    entry,
    {},
    {
      action: created.auditAction,
      actor: 'system',
      at: now,
      reason: null,
      fromState: null,
      data: {
        complainantId: rootId,
        assessmentSeq: args.assessmentSeq,
        score: assessment.score,
        findings: assessment.findings.map((f) => f.code),
        reasonCode,
        reasonParams,
      },
    },
  );
  return outcome;
}

/** What an intake answer says of the registry: the complainant's latest entry. */
export async function registryRef(tx: WriteContext, rootId: string): Promise<{ state: RegistryState | 'none'; entryId?: string }> {
  const latest = await tx.registry.latestFor(rootId);
  return latest ? { state: latest.state, entryId: latest.id } : { state: 'none' };
}
