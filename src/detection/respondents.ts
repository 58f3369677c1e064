/**
 * Who a complaint is against. A respondent is its credit code; without one, its normalised name,
 * with variant spellings of one shop (某某食品店 / 某某食品商店) grouped by string similarity
 * within one complainant's targets. Regions come from the field, else the credit code's digits.
 */
import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import regions from './regions.json' with { type: 'json' };
import { toSimplified } from '../text/chinese.js';
import { creditCodeRegion } from '../identity/credit-code.js';
import { remembered } from '../shared/remembered.js';

// Generic words that name the kind of business, not which one.
const GENERIC_SUFFIX =
  /(有限责任公司|股份有限公司|有限公司|分公司|公司|旗舰店|专卖店|专营店|商店|商行|超市|便利店|门市部|经营部|食品店|店铺|店|厂|shop|store|ltd|co)+$/u;

const MEMO_LIMIT = 100_000;

// Every assessment groups the complainant's targets again; the same names recur, so their
// normal forms are remembered.
export const normaliseName = remembered(
  (name) =>
    toSimplified(name.normalize('NFKC'))
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]/gu, ''),
  MEMO_LIMIT,
);

function core(normalisedName: string): string {
  const stripped = normalisedName.replace(GENERIC_SUFFIX, '');
  return stripped.length >= 2 ? stripped : normalisedName;
}

const VARIANT_SIMILARITY = 0.92;

export interface RespondentRef {
  name: string;
  creditCode: string | null;
  /** `respondentForm` of this respondent, when its holder already knows it (a row held in a profile). */
  form?: string;
}

// One string for each key: the indicators compare and count the keys of hundreds of complaints at
// every assessment, and one string compares and hashes at once where equal copies are read
// character by character.
const creditCodeKey = remembered((code) => `ucc:${code}`, MEMO_LIMIT);
const nameKey = remembered((name) => `name:${name}`, MEMO_LIMIT);

/**
 * What `respondentKeys` starts from: a credit code's key, final, or the normalised name it groups.
 * A normalised name holds no punctuation, so it is never taken for a code's key ("ucc:…").
 */
export function respondentForm(ref: RespondentRef): string {
  return ref.creditCode ? creditCodeKey(ref.creditCode) : normaliseName(ref.name);
}

/**
 * Keys for a list of respondents, grouping name variants. Deterministic: names are visited in
 * sorted order and join the first group whose representative is similar enough. Variants of one
 * shop share their first character (the brand), so only groups starting with it are compared —
 * which keeps a professional's hundreds of targets from costing a comparison of every pair.
 */
export function respondentKeys(refs: RespondentRef[]): string[] {
  // Each a lookup in a table of 100,000 names, twice per complaint of every assessment: held rows
  // bring theirs along.
  const forms = refs.map((r) => r.form ?? respondentForm(r));
  const groups = new Map<string, Array<{ core: string; key: string }>>();
  const byName = new Map<string, string>();
  const names = [...new Set(forms.filter((_, i) => !refs[i].creditCode))].sort();
  for (const name of names) {
    const c = core(name);
    const bucket = groups.get(c[0]) ?? [];
    const match = bucket.find((g) => g.core === c || JaroWinklerDistance(g.core, c) >= VARIANT_SIMILARITY);
    if (match) byName.set(name, match.key);
    else {
      const key = nameKey(name);
      bucket.push({ core: c, key });
      groups.set(c[0], bucket);
      byName.set(name, key);
    }
  }
  return refs.map((r, i) => (r.creditCode ? forms[i] : byName.get(forms[i])!));
}

const REGION_NAMES: Record<string, string> = regions.codes;

export function regionOf(region: string | null, creditCode: string | null): string | null {
  if (region?.trim()) return normaliseName(region);
  const code = creditCode ? creditCodeRegion(creditCode) : null;
  if (!code) return null;
  return REGION_NAMES[code] ? normaliseName(REGION_NAMES[code]) : `code:${code}`;
}
