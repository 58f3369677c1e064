/** Which citations apply to a finding: those in force on the dates of the complaints it counts. */
import { shanghaiDate, shanghaiDay } from '../shared/time.js';
import type { IndicatorCode, RuleSet } from './rule-set.js';

function inForce(c: { from?: string; to?: string }, date: string): boolean {
  return (!c.from || c.from <= date) && (!c.to || date <= c.to);
}

// Findings over hundreds of complaints ask the same question for the same few dates.
const memo = new WeakMap<RuleSet, Map<IndicatorCode, Map<number, string[]>>>();

/** Citation ids for one complaint date; never empty while the fallback citations cover the date. */
export function citationsOn(ruleSet: RuleSet, code: IndicatorCode, at: number): string[] {
  let byCode = memo.get(ruleSet);
  if (!byCode) {
    byCode = new Map();
    memo.set(ruleSet, byCode);
  }
  let byDay = byCode.get(code);
  if (!byDay) {
    byDay = new Map();
    byCode.set(code, byDay);
  }
  const day = shanghaiDay(at);
  let ids = byDay.get(day);
  if (!ids) {
    ids = citationsOnDate(ruleSet, code, shanghaiDate(at));
    byDay.set(day, ids);
  }
  return ids;
}

function citationsOnDate(ruleSet: RuleSet, code: IndicatorCode, date: string): string[] {
  const own = ruleSet.indicators[code].basis.filter((id) => inForce(ruleSet.citations[id], date));
  if (own.length || ruleSet.indicators[code].basis.length === 0) return own;
  return ruleSet.fallbackBasis.filter((id) => inForce(ruleSet.citations[id], date));
}

/** The basis text of a finding over complaints received at these instants (any order). */
export function basisFor(ruleSet: RuleSet, code: IndicatorCode, instants: number[]): string {
  const ids = new Set<string>();
  for (const at of instants) for (const id of citationsOn(ruleSet, code, at)) ids.add(id);
  // Keep the rule set's order so equal inputs give equal text.
  const ordered = [...ruleSet.indicators[code].basis, ...ruleSet.fallbackBasis].filter((id, i, all) => ids.has(id) && all.indexOf(id) === i);
  return ordered.length ? ordered.map((id) => ruleSet.citations[id].text).join('；') : '仅作背景记录，不作为列入依据';
}
