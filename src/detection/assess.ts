/**
 * Findings → score → level, as a pure function of the history and a rule set. The same input and
 * rule set always give the same assessment: rescans and backtests depend on it.
 */
import { DAY_MS } from '../shared/time.js';
import { INDICATOR_CODES, type RuleSet } from './rule-set.js';
import { INDICATORS, type IndicatorContext } from './indicators.js';
import { VOLUME_KINDS, type Assessment, type AssessmentInput, type Finding, type Level } from './types.js';
import { compareText } from '../shared/ids.js';

/**
 * Complaint ids (and per-complaint details) kept per finding in stored assessments and intake
 * answers, newest first; counts stay complete and evidence bundles keep everything. Every intake
 * stores an assessment, so this bounds the database's growth for heavy filers.
 */
export const STORED_EVIDENCE_CAP = 20;

export function assess(input: AssessmentInput, rs: RuleSet, opts: { cap?: number } = {}): Assessment {
  const { asOf } = input;
  const complaints = input.complaints
    .filter((c) => c.receivedAt <= asOf && c.receivedAt > asOf - rs.lookbackDays * DAY_MS)
    .sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq);
  const events = input.events.filter((e) => e.at <= asOf).sort((a, b) => a.at - b.at || compareText(a.id, b.id));
  const ctx: IndicatorContext = {
    asOf,
    rs,
    cap: opts.cap ?? STORED_EVIDENCE_CAP,
    complaints,
    byId: new Map(complaints.map((c) => [c.id, c])),
    upheld: new Set(events.filter((e) => e.type === 'upheld').map((e) => e.complaintId)),
    events,
    // Nothing later than asOf, as when an intake's history was read as of it: the list as it is
    // (indicators never change what they read), not a copy of a heavy filer's thousands of pairs.
    nearDuplicates: input.nearDuplicates.every(receivedBy(asOf)) ? input.nearDuplicates : input.nearDuplicates.filter(receivedBy(asOf)),
    sharedIdentifiers: input.sharedIdentifiers,
  };
  const findings = INDICATOR_CODES.filter((code) => rs.indicators[code].enabled)
    .map((code) => INDICATORS[code](ctx))
    .filter((f): f is Finding => f !== null);
  const score = scoreOf(findings, rs);
  const volume = (days: number) => complaints.filter((c) => VOLUME_KINDS.has(c.kind) && c.receivedAt > asOf - days * DAY_MS).length;
  return {
    score,
    level: levelOf(findings, score, ctx),
    ruleSetVersion: rs.version,
    asOf,
    findings,
    counts: { d30: volume(30), d365: volume(365) },
  };
}

const receivedBy = (asOf: number) => (p: { otherReceivedAt: number }) => p.otherReceivedAt <= asOf;

/**
 * The score summarises and orders the queue. v1: the sum of weights, capped at 100 (heavy filers
 * pile up at 100). With `scoring` (v2): 100 × (1 − e^(−sum / scoreScale)), rounded — it keeps
 * growing with the evidence and keeps heavy filers apart.
 */
export function scoreOf(findings: Finding[], rs: RuleSet): number {
  const sum = findings.reduce((s, f) => s + f.weight, 0);
  if (!rs.scoring) return Math.min(100, Math.round(sum));
  return Math.round(100 * (1 - Math.exp(-sum / rs.scoring.scoreScale)));
}

/** Where a complainant stands against the review rule: what the level and the miss report read. */
export interface ReviewConditions {
  /** Distinct complaints with a profit finding, received within the rule's window. */
  profitComplaints: number;
  /** A finding of another class than profit (volume, text, pattern, identity; not a weak one). */
  otherClass: boolean;
  /** The score the rule set also requires for review (v1), or null when the level follows the rule. */
  scoreNeeded: number | null;
}

/**
 * `inWindow` says whether a complaint was received within the rule's window; without it (a stored
 * assessment, whose profit findings already look back only as far), every cited complaint counts.
 */
export function reviewConditions(findings: Finding[], rs: RuleSet, inWindow: (id: string) => boolean = () => true): ReviewConditions {
  const profitIds = new Set<string>();
  for (const f of findings) {
    if (f.class !== 'profit') continue;
    for (const id of f.evidence.complaintIds) if (inWindow(id)) profitIds.add(id);
  }
  const weak = (f: Finding) => f.code === 'BUY_THEN_COMPLAIN' && rs.indicators.BUY_THEN_COMPLAIN.weak;
  return {
    profitComplaints: profitIds.size,
    otherClass: findings.some((f) => rs.review.otherClasses.includes(f.class) && !weak(f)),
    scoreNeeded: rs.levels.review ?? null,
  };
}

/**
 * Money-seeking is what separates abuse from diligence: `review` needs profit findings on enough
 * distinct complaints plus a finding of another class; volume, text and pattern reach `watch` at
 * most; a threat raises the level to `watch` but never flags by itself. Rule set v1 also required a
 * score; from v2 the level follows the rule and the score only orders the queue (domain.md).
 */
function levelOf(findings: Finding[], score: number, ctx: IndicatorContext): Level {
  const { rs, asOf } = ctx;
  const from = asOf - rs.review.windowDays * DAY_MS;
  const c = reviewConditions(findings, rs, (id) => (ctx.byId.get(id)?.receivedAt ?? -Infinity) > from);
  if (c.profitComplaints >= rs.review.profitComplaints && c.otherClass && (c.scoreNeeded === null || score >= c.scoreNeeded)) return 'review';
  if (score >= rs.levels.watch || findings.some((f) => f.code === 'THREAT')) return 'watch';
  return 'none';
}
