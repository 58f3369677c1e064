/**
 * The evidence bundle frozen when a listing is proposed (or renewed): what the decision rests on,
 * stored once and never recomputed — the complaints with hashes of their texts, the findings, the
 * rule set with its parameters, the near-duplicate pairs and the linked identities.
 */
import type { Assessment, Finding } from '../detection/types.js';
import type { History } from '../detection/history.js';
import type { RuleSet } from '../detection/rule-set.js';
import { formatTime } from '../shared/time.js';
import type { EvidenceBundle } from './entry.js';

export function buildBundle(args: { history: History; assessment: Assessment; ruleSet: RuleSet; frozenAt: number; frozenBy: string }): EvidenceBundle {
  const { history, assessment, ruleSet } = args;
  return {
    frozenAt: formatTime(args.frozenAt),
    frozenBy: args.frozenBy,
    asOf: formatTime(assessment.asOf),
    ruleSetVersion: ruleSet.version,
    ruleSet,
    score: assessment.score,
    level: assessment.level,
    findings: assessment.findings,
    complaints: history.complaints.map((c) => ({
      id: c.id,
      externalId: history.externalIds.get(c.id)!,
      kind: c.kind,
      receivedAt: formatTime(c.receivedAt),
      respondent: c.respondentName,
      region: c.region,
      textSha256: history.textHashes.get(c.id)!,
    })),
    similarityPairs: history.input.nearDuplicates.map(({ complaintId, otherComplaintId, similarity, sameComplainant }) => ({
      complaintId,
      otherComplaintId,
      similarity,
      sameComplainant,
    })),
    linkedIdentities: history.input.sharedIdentifiers,
    maxComplaintSeq: Math.max(0, ...history.complaints.map((c) => c.seq)),
  };
}

const NEW_EVIDENCE_CLASSES = new Set(['profit', 'text', 'pattern']);

/**
 * Whether an assessment rests on something not already decided upon: a profit, text or pattern
 * finding counting a complaint stored after `decidedSeq` (domain.md: dismissal and removal are sticky).
 */
export function hasNewEvidence(findings: Finding[], seqOf: Map<string, number>, decidedSeq: number): boolean {
  return findings.some((f) => NEW_EVIDENCE_CLASSES.has(f.class) && f.evidence.complaintIds.some((id) => (seqOf.get(id) ?? 0) > decidedSeq));
}
