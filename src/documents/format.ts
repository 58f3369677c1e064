/**
 * How documents write dates, numbers, regions and document numbers: Chinese official style
 * (GB/T 9704 writes dates with Arabic numerals, 2026年12月11日), Asia/Shanghai days.
 */
import regions from '../detection/regions.json' with { type: 'json' };
import { normaliseName } from '../detection/respondents.js';
import { SHANGHAI_OFFSET_MS } from '../shared/time.js';

/** The Shanghai calendar year of an instant (document numbers restart with it). */
export function shanghaiYear(ms: number): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** `2026年12月11日` for an instant (its Shanghai day) or a `YYYY-MM-DD` civil date. */
export function chineseDate(value: number | string): string {
  let y: number;
  let m: number;
  let d: number;
  if (typeof value === 'number') {
    const t = new Date(value + SHANGHAI_OFFSET_MS);
    [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  } else {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (!match) throw new RangeError(`Not a date: ${value}`);
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  return `${y}年${m}月${d}日`;
}

const DIGITS = '零一二三四五六七八九';

/** 0–99 in Chinese numerals, as periods are written in documents (七, 十五, 二十). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10 ? DIGITS[n % 10] : '';
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones}`;
}

/** `鹿市监异告〔2026〕12号`: prefix, year in hexagonal brackets (六角括号), sequence and 号. */
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

const REGION_NAMES: Record<string, string> = regions.codes;
// Evidence keeps regions normalised for comparison (e.g. 鹿城区); documents show the official name.
const BY_NORMALISED = new Map(Object.values(REGION_NAMES).map((name) => [normaliseName(name), name]));

/**
 * A respondent's region as a person reads it: evidence stores a name (normalised) or, when only a
 * credit code gave it, `code:330903`. Codes missing from regions.json show as the code, in words.
 */
export function regionName(region: string | null): string {
  if (!region) return '';
  if (region.startsWith('code:')) {
    const code = region.slice(5);
    return REGION_NAMES[code] ?? `行政区划代码${code}`;
  }
  return BY_NORMALISED.get(region) ?? region;
}
