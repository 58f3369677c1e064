/**
 * The citations of a finding, looked up by span of the calendar, against their definition: those of
 * the indicator in force on a complaint's Asia/Shanghai date, else the fallback ones, in the rule
 * set's order, for every day around the dates citations come into and go out of force.
 */
import t from 'tap';
import { basisFor, citationsOn } from '../../src/detection/legal-basis.js';
import { SHIPPED_RULE_SETS, type IndicatorCode, type RuleSet } from '../../src/detection/rule-set.js';
import { DAY_MS, shanghaiDate } from '../../src/shared/time.js';

const inForce = (c: { from?: string; to?: string }, date: string) => (!c.from || c.from <= date) && (!c.to || date <= c.to);

function expectedOn(rs: RuleSet, code: IndicatorCode, date: string): string[] {
  const own = rs.indicators[code].basis.filter((id) => inForce(rs.citations[id], date));
  if (own.length || !rs.indicators[code].basis.length) return own;
  return rs.fallbackBasis.filter((id) => inForce(rs.citations[id], date));
}

// A rule set whose citations start and end on several days, one of them a single day long.
const [RULE_SET_V1, RULE_SET_V2] = SHIPPED_RULE_SETS;
const edited: RuleSet = structuredClone(RULE_SET_V2);
edited.citations.short = { text: '一日有效的条文', from: '2025-03-10', to: '2025-03-10' };
edited.citations.ended = { text: '已废止的条文', to: '2024-12-31' };
edited.indicators.PUNITIVE_DEMAND.basis = ['ended', 'short', ...edited.indicators.PUNITIVE_DEMAND.basis];
edited.indicators.BURST.basis = ['short'];

const ruleSets: Array<[string, RuleSet]> = [
  ['v1', RULE_SET_V1],
  ['v2', RULE_SET_V2],
  ['edited', edited],
];
const first = Date.parse('2014-01-01T00:00:00+08:00');
const last = Date.parse('2027-01-01T00:00:00+08:00');

t.test('a complaint date cites what is in force on it', async (t) => {
  for (const [name, rs] of ruleSets) {
    let wrong = 0;
    let checked = 0;
    for (const code of Object.keys(rs.indicators) as IndicatorCode[]) {
      // Both ends of each day: its first and last millisecond in Asia/Shanghai.
      for (let day = first; day < last; day += DAY_MS) {
        for (const at of [day, day + DAY_MS - 1]) {
          checked++;
          if (citationsOn(rs, code, at).join() !== expectedOn(rs, code, shanghaiDate(at)).join()) wrong++;
        }
      }
    }
    t.equal(wrong, 0, `${name}: ${checked} dates`);
  }
  t.same(citationsOn(edited, 'BURST', Date.parse('2025-03-10T23:59:59+08:00')), ['short'], 'a citation in force one day');
  t.same(citationsOn(edited, 'BURST', Date.parse('2025-03-11T00:00:00+08:00')), edited.fallbackBasis, 'the fallback the next day');
});

t.test('a finding over many dates cites the union, in the rule set order', async (t) => {
  const code: IndicatorCode = 'PUNITIVE_DEMAND';
  const textOf = (rs: RuleSet, instants: number[]) => {
    const ids = new Set(instants.flatMap((at) => expectedOn(rs, code, shanghaiDate(at))));
    const ordered = [...new Set([...rs.indicators[code].basis, ...rs.fallbackBasis])].filter((id) => ids.has(id));
    return ordered.length ? ordered.map((id) => rs.citations[id].text).join('；') : '仅作背景记录，不作为列入依据';
  };
  let state = 7;
  const random = () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  for (const [name, rs] of ruleSets) {
    for (let n = 0; n < 200; n++) {
      const instants = Array.from({ length: 1 + Math.floor(random() * 8) }, () => first + Math.floor(random() * (last - first)));
      t.equal(basisFor(rs, code, instants), textOf(rs, instants), `${name}: ${instants.map((at) => shanghaiDate(at)).join(', ')}`);
    }
  }
  const around = ['2024-12-31T23:00:00+08:00', '2025-03-10T08:00:00+08:00'].map((iso) => Date.parse(iso));
  t.match(basisFor(edited, code, around), /^已废止的条文；一日有效的条文；/, 'both ended and one-day citations, in order');
});
