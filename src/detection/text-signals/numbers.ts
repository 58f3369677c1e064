/** Numbers as complaints write them: numerals (Arabic, Chinese, mixed), amounts of money, article numbers and dates. */
import type { Span } from './text.js';

// ---------------------------------------------------------------------------------------------
// Amounts of money

const CN_DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 1e4, 亿: 1e8 };

const NUMBER =
  '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?[十百千万亿拾佰仟]{0,2}' +
  '|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]*';
const CURRENCY_BEFORE = '¥|rmb|cny|人民币';
// 块 is also a counter (三块饼干), so it is money only before a non-Chinese character.
const CURRENCY_AFTER = '元|圆|块钱|块(?![\\u4e00-\\u9fff])|yuan|rmb|cny';
export const AMOUNT = new RegExp(`(?:(${CURRENCY_BEFORE})\\s*)?(${NUMBER})(?:\\s*(${CURRENCY_AFTER})(?![a-z]))?`, 'g');
export const AMOUNT_IN_PATTERN = `(?:(?:${CURRENCY_BEFORE})\\s*)?(${NUMBER})\\s*(?:${CURRENCY_AFTER})?`;
/** 赔偿金 right before 1200元 names that amount, not the one before it. */
export const NAMES_NEXT_AMOUNT = /\s*[:为是]?\s*(?:¥|rmb|人民币)?\s*[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/y;
const ARABIC = /[\d,]+(?:\.\d+)?/y;

/** Arabic, Chinese and mixed numerals: 1,200.00 · 1.2万 · 1千 · 一千二百 · 一千二 · 壹仟 · 三百五十五. */
export function parseNumeral(s: string): number {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  // 一千二 is 1200 and 一万二 12000: a lone Chinese digit right after a unit counts in the next
  // unit down; after 零 (一千零二) it counts as itself.
  let abbreviated = false;
  for (let i = 0; i < s.length; ) {
    ARABIC.lastIndex = i;
    const arabic = ARABIC.exec(s);
    if (arabic) {
      digit = Number(arabic[0].replaceAll(',', ''));
      abbreviated = false;
      i = ARABIC.lastIndex;
      continue;
    }
    const ch = s[i++];
    if (ch in CN_DIGIT) {
      abbreviated = lastUnit >= 100 && digit === null && CN_DIGIT[ch] !== 0 && s[i - 2] !== '零';
      if (CN_DIGIT[ch] !== 0) digit = CN_DIGIT[ch];
      continue;
    }
    const unit = CN_UNIT[ch];
    if (unit === undefined) return NaN;
    if (unit === 1e8) {
      total = (total + section + (digit ?? 0)) * unit;
      section = 0;
    } else if (unit === 1e4) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit;
    }
    digit = null;
    lastUnit = unit;
    abbreviated = false;
  }
  if (digit !== null && abbreviated) return total + section + (digit * lastUnit) / 10;
  return total + section + (digit ?? 0);
}

export type AmountRole = 'paid' | 'refund' | 'claim';

export interface Amount {
  value: number;
  role: AmountRole;
  /** The cue and the amount together (赔偿金1200元), as evidence. */
  span: Span;
}

/** An amount with the words it was read from; no span when it came from an intake field. */
export interface Figure {
  value: number;
  span?: Span;
}

// ---------------------------------------------------------------------------------------------
// Article numbers and dates

export const ARTICLE = '\\d{1,4}|[一二三四五六七八九十百零〇]{1,6}';
/** 2018年3月12日 · 2018-03-12 · 2018.3.12 · 2018/3/12 · 20180312. */
export const DATE = '(\\d{4})\\s*[年.\\-/]\\s*(\\d{1,2})\\s*[月.\\-/]\\s*(\\d{1,2})\\s*日?|(\\d{4})(\\d{2})(\\d{2})(?!\\d)';
export const dateOf = (m: string[], at: number): number | null => {
  const [y, mo, d] = m[at] !== undefined ? [m[at], m[at + 1], m[at + 2]] : [m[at + 3], m[at + 4], m[at + 5]];
  if (y === undefined) return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  return Date.UTC(year, month - 1, day);
};
