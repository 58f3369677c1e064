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
  await tx.identity.offerAssessment(rootId, { seq, asOf, score, level, codes: findings.map((f) => f.code), profitCount: profitCount(findings) });
  return seq;
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
