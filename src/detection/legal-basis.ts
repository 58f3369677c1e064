/** Which citations apply to a finding: those in force on the dates of the complaints it counts. */
import { DAY_MS, shanghaiDate, shanghaiDay } from '../shared/time.js';
import type { IndicatorCode, RuleSet } from './rule-set.js';

function inForce(c: { from?: string; to?: string }, date: string): boolean {
  return (!c.from || c.from <= date) && (!c.to || date <= c.to);
}

/**
 * An indicator's citations change only on the days a citation comes into or goes out of force, so
 * its calendar splits into a few spans, each with one answer. Findings over hundreds of complaints
 * then ask only which span each date falls in.
 */
interface Spans {
  /** First day (Asia/Shanghai day number) of every span after the first, ascending. */
  starts: number[];
  /** Citation ids of each span: ids[0] before starts[0], ids[i + 1] from starts[i]. */
  ids: string[][];
}

const spansOf = new WeakMap<RuleSet, Map<IndicatorCode, Spans>>();

const dayOfDate = (date: string) => shanghaiDay(Date.parse(`${date}T00:00:00+08:00`));

function spans(ruleSet: RuleSet, code: IndicatorCode): Spans {
  let byCode = spansOf.get(ruleSet);
  if (!byCode) {
    byCode = new Map();
    spansOf.set(ruleSet, byCode);
  }
  let s = byCode.get(code);
  if (!s) {
    const days = new Set<number>();
    for (const id of [...ruleSet.indicators[code].basis, ...ruleSet.fallbackBasis]) {
      const { from, to } = ruleSet.citations[id];
      if (from) days.add(dayOfDate(from));
      if (to) days.add(dayOfDate(to) + 1);
    }
    const starts = [...days].sort((a, b) => a - b);
    const first = starts.length ? starts[0] - 1 : 0;
    const ids = [first, ...starts].map((day) => citationsOnDate(ruleSet, code, shanghaiDate(day * DAY_MS)));
    s = { starts, ids };
    byCode.set(code, s);
  }
  return s;
}

function spanOf({ starts }: Spans, day: number): number {
  let i = 0;
  while (i < starts.length && starts[i] <= day) i++;
  return i;
}

/** Citation ids for one complaint date; never empty while the fallback citations cover the date. */
export function citationsOn(ruleSet: RuleSet, code: IndicatorCode, at: number): string[] {
  const s = spans(ruleSet, code);
  return s.ids[spanOf(s, shanghaiDay(at))];
}

function citationsOnDate(ruleSet: RuleSet, code: IndicatorCode, date: string): string[] {
  const own = ruleSet.indicators[code].basis.filter((id) => inForce(ruleSet.citations[id], date));
  if (own.length || ruleSet.indicators[code].basis.length === 0) return own;
  return ruleSet.fallbackBasis.filter((id) => inForce(ruleSet.citations[id], date));
}

/** The basis text of a finding over complaints received at these instants (any order). */
export function basisFor(ruleSet: RuleSet, code: IndicatorCode, instants: number[]): string {
  const s = spans(ruleSet, code);
  const seen = new Array<boolean>(s.ids.length).fill(false);
  let left = s.ids.length;
  for (let i = 0; i < instants.length && left > 0; i++) {
    const span = spanOf(s, shanghaiDay(instants[i]));
    if (!seen[span]) {
      seen[span] = true;
      left--;
    }
  }
  const ids = new Set(s.ids.filter((_, i) => seen[i]).flat());
  // Keep the rule set's order so equal inputs give equal text.
  const ordered = [...ruleSet.indicators[code].basis, ...ruleSet.fallbackBasis].filter((id, i, all) => ids.has(id) && all.indexOf(id) === i);
  return ordered.length ? ordered.map((id) => ruleSet.citations[id].text).join('；') : '仅作背景记录，不作为列入依据';
}
