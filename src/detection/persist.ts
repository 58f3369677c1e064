/**
 * Storing an assessment: its row, and the complainant's current assessment moved to it unless a
 * later one is already current. Intake, events, merges and applied rescans all store this way.
 */
import type { WriteContext } from '../storage/ports.js';
import type { AssessmentSource } from '../intake/intake.service.js';
import type { Assessment } from './types.js';

export async function storeAssessment(
  tx: WriteContext,
  rootId: string,
  assessment: Assessment,
  cause: { source: AssessmentSource; sourceId: string; createdAt: number },
): Promise<number> {
  const { asOf, ruleSetVersion, score, level, findings, counts } = assessment;
  const seq = await tx.assessments.insert({ complainantId: rootId, asOf, ruleSetVersion, score, level, findings, counts, ...cause });
  await offerStored(tx, rootId, seq, assessment);
  return seq;
}

/** Makes the stored assessment `seq` (which says what `assessment` says) current as of the assessment's instant. */
export async function offerStored(tx: WriteContext, rootId: string, seq: number, assessment: Assessment): Promise<void> {
  const { asOf, score, level, findings } = assessment;
  await tx.identity.offerAssessment(rootId, { seq, asOf, score, level, codes: findings.map((f) => f.code), profitCount: profitCount(findings) });
}

/**
 * The complainant's current stored assessment when it says exactly what `assessment` says — rule
 * set, score, level, counts, and findings with every piece of evidence as stored — else null. The
 * cheapest differences are looked for first: the record's level and score, then the row's rule set
 * and counts (a heavy filer's next complaint nearly always changes them), and only then its
 * findings, the bulk of the row (inflated and parsed: 0.4 ms a complaint at 1M when read first).
 */
export async function unchangedFrom(tx: WriteContext, rootId: string, assessment: Assessment): Promise<number | null> {
  const record = await tx.identity.findById(rootId);
  if (!record?.assessmentSeq || record.level !== assessment.level || record.score !== assessment.score) return null;
  const head = await tx.assessments.headOf(record.assessmentSeq);
  if (!head || head.ruleSetVersion !== assessment.ruleSetVersion || JSON.stringify(head.counts) !== JSON.stringify(assessment.counts)) return null;
  const current = await tx.assessments.get(record.assessmentSeq);
  return current && JSON.stringify(current.findings) === JSON.stringify(assessment.findings) ? current.seq : null;
}

/**
 * Complaints the profit findings rest on: the union of their evidence, or the largest count when
 * an evidence list was cut short. The review queue orders equal scores by it.
 */
export function profitCount(findings: Assessment['findings']): number {
  const profit = findings.filter((f) => f.class === 'profit');
  const ids = new Set(profit.flatMap((f) => f.evidence.complaintIds ?? []));
  return Math.max(ids.size, ...profit.map((f) => f.evidence.count ?? 0), 0);
}
