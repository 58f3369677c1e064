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
    nearDuplicates: input.nearDuplicates.filter((p) => p.otherReceivedAt <= asOf),
    sharedIdentifiers: input.sharedIdentifiers,
  };
  const findings = INDICATOR_CODES.filter((code) => rs.indicators[code].enabled)
    .map((code) => INDICATORS[code](ctx))
    .filter((f): f is Finding => f !== null);
  const score = Math.min(100, Math.round(findings.reduce((s, f) => s + f.weight, 0)));
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

/**
 * Money-seeking is what separates abuse from diligence: `review` needs profit findings on enough
 * distinct complaints plus a finding of another class; volume, text and pattern reach `watch` at
 * most; a threat raises the level to `watch` but never flags by itself.
 */
function levelOf(findings: Finding[], score: number, ctx: IndicatorContext): Level {
  const { rs, asOf } = ctx;
  const profitIds = new Set<string>();
  for (const f of findings) {
    if (f.class !== 'profit') continue;
    for (const id of f.evidence.complaintIds) {
      const c = ctx.byId.get(id);
      if (c && c.receivedAt > asOf - rs.review.windowDays * DAY_MS) profitIds.add(id);
    }
  }
  const weak = (f: Finding) => f.code === 'BUY_THEN_COMPLAIN' && rs.indicators.BUY_THEN_COMPLAIN.weak;
  const other = findings.some((f) => rs.review.otherClasses.includes(f.class) && !weak(f));
  if (profitIds.size >= rs.review.profitComplaints && other && score >= rs.levels.review) return 'review';
  if (score >= rs.levels.watch || findings.some((f) => f.code === 'THREAT')) return 'watch';
  return 'none';
}
