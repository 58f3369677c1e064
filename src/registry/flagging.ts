/**
 * The only automatic step of the registry: a complainant whose assessment reaches `review` gets a
 * `flagged` entry — unless an entry is already open, they are allow-listed, or a dismissal or
 * removal already decided on the same evidence. Everything after `flagged` is human.
 */
import type { WriteContext } from '../storage/store.js';
import type { Assessment } from '../detection/types.js';
import { newId } from '../shared/ids.js';
import { hasNewEvidence } from './evidence.js';
import { newEntry, type EntryRecord } from './registry.repository.js';

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

export async function createFlag(
  tx: WriteContext,
  args: { rootId: string; assessment: Assessment; assessmentSeq: number; now: number },
): Promise<EntryRecord> {
  const { rootId, assessment, now } = args;
  const entry = newEntry({ id: newId('r'), complainantId: rootId, state: 'flagged', origin: 'automatic', createdAt: now, createdBy: 'system' });
  await tx.registry.insert(entry);
  await tx.identity.setRegistryState(rootId, 'flagged');
  await tx.audit.append({
    entityType: 'registry_entry',
    entityId: entry.id,
    action: 'flag',
    actor: 'system',
    at: now,
    reason: `Assessment reached review (score ${assessment.score}, rule set ${assessment.ruleSetVersion}).`,
    fromState: null,
    toState: 'flagged',
    data: {
      complainantId: rootId,
      assessmentSeq: args.assessmentSeq,
      score: assessment.score,
      findings: assessment.findings.map((f) => f.code),
    },
  });
  return entry;
}
