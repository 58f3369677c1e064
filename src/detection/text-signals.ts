/**
 * Reads the profit, allegation and conduct signals that a complaint's free text carries. Every
 * signal keeps the exact words it was read from, quoted from the original text, because those
 * quotes become evidence shown to reviewers and cited in a legal notice.
 *
 * The text is read after NFKC (full-width digits, ￥, ，) and traditional → simplified conversion.
 * Lexicon phrases are found in one dictionary pass, leftmost-longest, so a longer phrase shadows
 * the shorter ones inside it (未标注 is a label defect, not the negation 未). Everything else
 * (amounts, negation, pairing a multiple with 赔偿) works on that list of matches.
 */
import { toSimplified } from '../text/chinese.js';
import {
  shippedLexicon,
  type Lexicon,
  type PunitiveMultiple,
  type StatutoryMultiple,
} from './lexicon.js';

export type { PunitiveMultiple } from './lexicon.js';
export type PunitiveHow = 'keyword' | 'ratio' | 'floor' | 'shorthand';

export interface PunitiveSignal {
  multiple: PunitiveMultiple;
  /** The strongest kind of evidence for `multiple`: keyword, then shorthand, floor, ratio. */
  how: PunitiveHow;
  phrases: string[];
}

export interface PhraseSignal {
  phrases: string[];
}

export interface LabelOrAdSignal {
  kinds: Array<'label' | 'advertising'>;
  phrases: string[];
}

export interface CategorySignal {
  code: string;
  phrases: string[];
}

/** Amounts in yuan as the text states them, to fill fields the intake left empty. */
export interface TextAmounts {
  paid?: number;
  claimed?: number;
}

export interface TextSignals {
  punitive: PunitiveSignal | null;
  amounts: TextAmounts;
  labelOrAd: LabelOrAdSignal | null;
  substantive: PhraseSignal | null;
  harm: PhraseSignal | null;
  threat: PhraseSignal | null;
  reward: PhraseSignal | null;
  category: CategorySignal | null;
}

/**
 * Explicit intake fields. They win over the text: the category comes from `product` when it names
 * one, and the punitive arithmetic uses `paid` / `claimed` instead of amounts read from the text.
 */
export interface TextFields {
  product?: string;
  paid?: number;
  claimed?: number;
}

export type TextSignalReader = (text: string, fields?: TextFields) => TextSignals;

// ---------------------------------------------------------------------------------------------
// Normalisation

interface Normalised {
  /** NFKC, simplified, ASCII lower-cased. */
  text: string;
  /** The original words behind text[start, end). */
  quote(start: number, end: number): string;
}

const UPPER = /[A-Z]+/g;

function normaliseForSignals(original: string): Normalised {
  let nfkc = original.normalize('NFKC');
  let from: Int32Array | undefined;
  let to: Int32Array | undefined;
  if (nfkc.length !== original.length) {
    // Expansions such as …→... shift offsets; normalising code point by code point keeps a map
    // from each normalised unit back to the characters it came from.
    const parts: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < original.length; ) {
      const width = original.codePointAt(i)! > 0xffff ? 2 : 1;
      const piece = original.slice(i, i + width).normalize('NFKC');
      parts.push(piece);
      for (let k = 0; k < piece.length; k++) {
        starts.push(i);
        ends.push(i + width);
      }
      i += width;
    }
    nfkc = parts.join('');
    from = Int32Array.from(starts);
    to = Int32Array.from(ends);
  }
  const simplified = toSimplified(nfkc);
  const text = simplified.replace(UPPER, (s) => s.toLowerCase());
  // Converting a regional phrase can change its length (行動電話 → 手机); the map no longer holds,
  // so quotes fall back to the normalised words.
  if (simplified.length !== nfkc.length) return { text, quote: (s, e) => text.slice(s, e) };
  if (from && to) {
    const f = from;
    const t = to;
    return { text, quote: (s, e) => original.slice(f[s], t[e - 1]) };
  }
  return { text, quote: (s, e) => original.slice(s, e) };
}

function normalisePhrase(phrase: string): string {
  return toSimplified(phrase.normalize('NFKC')).toLowerCase().trim();
}

// ---------------------------------------------------------------------------------------------
// Characters

const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
const isDigit = (code: number) => code >= 48 && code <= 57;
const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t';

function isSentenceEnd(text: string, i: number): boolean {
  const c = text[i];
  if (c === '。' || c === '!' || c === '?' || c === ';' || c === '\n' || c === '\r') return true;
  // An English full stop; not a decimal point, not one dot of an ellipsis.
  return c === '.' && (i + 1 === text.length || isSpace(text[i + 1]) || text[i + 1] === '\n');
}

function isClauseEnd(text: string, i: number): boolean {
  if (text[i] === ',') {
    // 1,000 is one number, not two clauses.
    return !(isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)));
  }
  return isSentenceEnd(text, i);
}

function crosses(text: string, from: number, to: number, end: (t: string, i: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (end(text, i)) return true;
  return false;
}

function sentenceAround(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && !isSentenceEnd(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !isSentenceEnd(text, end)) end++;
  return [start, end];
}

// ---------------------------------------------------------------------------------------------
// Dictionary pass

type Tag =
  | 'punitive:10x'
  | 'punitive:3x'
  | 'punitive:other'
  | 'multiple:10x'
  | 'multiple:3x'
  | 'multipleContext'
  | 'paid'
  | 'total'
  | 'payVerb'
  | 'refund'
  | 'claim'
  | 'afterPaid'
  | 'afterClaim'
  | 'demandVerb'
  | 'neutral'
  | 'neg'
  | 'hypo'
  | 'postNeg'
  | 'terminator'
  | 'label'
  | 'advertising'
  | 'absolute'
  | 'adContext'
  | 'substantive'
  | 'harm'
  | 'threat'
  | 'threatCondition'
  | 'threatConsequence'
  | 'reward';

interface Match<T> {
  start: number;
  end: number;
  tags: readonly T[];
}

interface TrieNode<T> {
  next: Map<number, TrieNode<T>>;
  /** Present on the last node of a phrase; empty for a lookalike, which only shadows. */
  tags?: T[];
}

/** Leftmost-longest, non-overlapping phrase matching over a character trie. */
class PhraseScanner<T> {
  private readonly root: TrieNode<T> = { next: new Map() };

  add(phrase: string, tag?: T): void {
    let node = this.root;
    for (let i = 0; i < phrase.length; i++) {
      const code = phrase.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map() };
        node.next.set(code, child);
      }
      node = child;
    }
    node.tags ??= [];
    if (tag !== undefined && !node.tags.includes(tag)) node.tags.push(tag);
  }

  scan(text: string): Match<T>[] {
    const matches: Match<T>[] = [];
    const n = text.length;
    for (let i = 0; i < n; ) {
      // Latin words and numbers match whole: "ten times" not inside "often times", 3倍 not in 13倍.
      const first = text.charCodeAt(i);
      let node = this.root.next.get(first);
      if (!node || (isAlnum(first) && isAlnum(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      let end = -1;
      let tags: T[] | undefined;
      for (let j = i + 1; ; j++) {
        if (node.tags && !(isAlnum(text.charCodeAt(j - 1)) && isAlnum(text.charCodeAt(j)))) {
          end = j;
          tags = node.tags;
        }
        if (j >= n) break;
        const child: TrieNode<T> | undefined = node.next.get(text.charCodeAt(j));
        if (!child) break;
        node = child;
      }
      if (end < 0 || !tags) {
        i++;
        continue;
      }
      if (tags.length > 0) matches.push({ start: i, end, tags });
      i = end;
    }
    return matches;
  }
}

// ---------------------------------------------------------------------------------------------
// Amounts of money

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 1e4, 亿: 1e8 };

const NUMBER =
  '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?[十百千万拾佰仟]{0,2}' +
  '|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]*';
const CURRENCY_BEFORE = '¥|rmb|cny|人民币';
// 块 is also a counter (三块饼干), so it is money only before a non-Chinese character.
const CURRENCY_AFTER = '元|圆|块钱|块(?![\\u4e00-\\u9fff])|yuan|rmb|cny';
const AMOUNT = new RegExp(
  `(?<![\\d.a-z])(?:(${CURRENCY_BEFORE})\\s*)?(${NUMBER})(?:\\s*(${CURRENCY_AFTER})(?![a-z]))?`,
  'g',
);
const AMOUNT_IN_PATTERN = `(?:(?:${CURRENCY_BEFORE})\\s*)?(${NUMBER})\\s*(?:${CURRENCY_AFTER})?`;

const ARABIC = /[\d,]+(?:\.\d+)?/y;

/** Arabic, Chinese and mixed numerals: 1,200.00 · 1.2万 · 1千 · 一千二百 · 一千二 · 壹仟 · 三百五十五. */
function parseNumeral(s: string): number {
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

type AmountRole = 'paid' | 'refund' | 'claim';

interface Amount {
  value: number;
  role: AmountRole;
  /** The cue and the amount together, e.g. 赔偿金1200元. */
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface Compiled {
  lexicon: Lexicon;
  phrases: PhraseScanner<Tag>;
  categories: PhraseScanner<number>;
  shorthand: RegExp;
  floor: RegExp;
  floorMultiple: Map<number, StatutoryMultiple>;
}

const FACTOR: Record<StatutoryMultiple, number> = { '10x': 10, '3x': 3 };
const AMOUNT_ROLES = ['paid', 'total', 'payVerb', 'refund', 'claim', 'neutral'] as const satisfies readonly Tag[];
const INHERITED_ROLES: ReadonlyArray<Tag> = ['paid', 'payVerb', 'refund', 'claim'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]) =>
  words
    .map(normalisePhrase)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

function compile(lexicon: Lexicon): Compiled {
  const { punitive, amounts, negation, allegations, harm, threat, reward, categories } = lexicon;
  const tagged: Array<[string[], Tag | undefined]> = [
    [punitive.phrases['10x'], 'punitive:10x'],
    [punitive.phrases['3x'], 'punitive:3x'],
    [punitive.phrases.other, 'punitive:other'],
    [punitive.multiples['10x'], 'multiple:10x'],
    [punitive.multiples['3x'], 'multiple:3x'],
    [punitive.multipleContext, 'multipleContext'],
    [amounts.paid, 'paid'],
    [amounts.total, 'total'],
    [amounts.payVerbs, 'payVerb'],
    [amounts.refund, 'refund'],
    [amounts.claim, 'claim'],
    [amounts.after.paid, 'afterPaid'],
    [amounts.after.claim, 'afterClaim'],
    [amounts.demandVerbs, 'demandVerb'],
    [amounts.neutral, 'neutral'],
    [negation.cues, 'neg'],
    [negation.hypothetical, 'hypo'],
    [negation.post, 'postNeg'],
    [negation.terminators, 'terminator'],
    [allegations.label, 'label'],
    [allegations.advertising, 'advertising'],
    [allegations.absoluteWords, 'absolute'],
    [allegations.advertisingContext, 'adContext'],
    [allegations.substantive, 'substantive'],
    [harm.phrases, 'harm'],
    [threat.phrases, 'threat'],
    [threat.conditions, 'threatCondition'],
    [threat.consequences, 'threatConsequence'],
    [reward.phrases, 'reward'],
    [negation.lookalikes, undefined],
    [allegations.lookalikes, undefined],
    [harm.lookalikes, undefined],
  ];
  const tagsOf = new Map<string, Set<Tag>>();
  for (const [words, tag] of tagged) {
    for (const word of words) {
      const phrase = normalisePhrase(word);
      const tags = tagsOf.get(phrase) ?? new Set<Tag>();
      if (tag) tags.add(tag);
      tagsOf.set(phrase, tags);
    }
  }
  // A longer phrase shadows the cue words inside it, so it takes over their money role:
  // in 惩罚性赔偿1000元 the amount is still a claim.
  const roleWords = [...tagsOf].filter(([, tags]) => INHERITED_ROLES.some((r) => tags.has(r)));
  const phrases = new PhraseScanner<Tag>();
  for (const [phrase, tags] of tagsOf) {
    if (!AMOUNT_ROLES.some((r) => tags.has(r))) {
      for (const [word, roles] of roleWords) {
        if (phrase.length > word.length && phrase.includes(word)) {
          for (const role of INHERITED_ROLES) if (roles.has(role)) tags.add(role);
        }
      }
    }
    phrases.add(phrase);
    for (const tag of tags) phrases.add(phrase, tag);
  }

  const categoryScanner = new PhraseScanner<number>();
  categories.categories.forEach((category, index) => {
    for (const keyword of category.keywords) categoryScanner.add(normalisePhrase(keyword), index);
  });
  for (const word of categories.lookalikes) categoryScanner.add(normalisePhrase(word));

  const count = '(\\d+|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})';
  const shorthand = new RegExp(
    `(?:${alternation(punitive.shorthand.lead)})${count}(?:${alternation(punitive.shorthand.pay)})${count}`,
    'g',
  );
  const floor = new RegExp(
    `(?:${alternation(punitive.floorWords.below)})\\s*${AMOUNT_IN_PATTERN}\\s*的?\\s*,?\\s*` +
      `(?:${alternation(punitive.floorWords.then)})\\s*${AMOUNT_IN_PATTERN}`,
    'g',
  );
  const floorMultiple = new Map(punitive.floors.map((f) => [f.amount, f.multiple] as const));
  return { lexicon, phrases, categories: categoryScanner, shorthand, floor, floorMultiple };
}

// ---------------------------------------------------------------------------------------------
// Reading

type Span = [number, number];

interface Candidate {
  multiple: PunitiveMultiple;
  how: PunitiveHow;
  spans: Span[];
}

const MULTIPLE_RANK: Record<PunitiveMultiple, number> = { '10x': 0, '3x': 1, other: 2 };
const HOW_RANK: Record<PunitiveHow, number> = { keyword: 0, shorthand: 1, floor: 2, ratio: 3 };
const QUOTES = new Set(['"', "'", '“', '‘', '「', '『', '【', '《']);
/** Rounding a price to the yuan is common; 35.5元 × 10 may be written 355元 or 356元. */
const ROUNDING = 0.5;
/** A post cue must follow the phrase it negates closely: 十倍赔偿就不要了. */
const POST_GAP = 4;

class Reading {
  readonly text: string;
  readonly matches: Match<Tag>[];

  constructor(
    private readonly c: Compiled,
    private readonly norm: Normalised,
  ) {
    this.text = norm.text;
    this.matches = c.phrases.scan(norm.text);
  }

  private has(m: Match<Tag>, tag: Tag): boolean {
    return m.tags.includes(tag);
  }

  /** Index of the first match starting at or after `pos`. */
  private firstFrom(pos: number): number {
    let lo = 0;
    let hi = this.matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.matches[mid].start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  readonly quote = ([start, end]: Span): string => this.norm.quote(start, end);

  negated(start: number, end: number, hypothetical: boolean): boolean {
    const { maxGap } = this.c.lexicon.negation;
    for (let k = this.firstFrom(start) - 1; k >= 0; k--) {
      const m = this.matches[k];
      if (m.end > start) continue;
      if (start - m.end > maxGap || crosses(this.text, m.end, start, isClauseEnd)) break;
      if (this.has(m, 'neg') || (hypothetical && this.has(m, 'hypo'))) return true;
      if (this.has(m, 'terminator')) break;
    }
    for (let k = this.firstFrom(end); k < this.matches.length; k++) {
      const m = this.matches[k];
      if (m.start - end > POST_GAP || crosses(this.text, end, m.start, isClauseEnd)) break;
      if (this.has(m, 'postNeg') && this.closesClause(m.end)) return true;
    }
    return false;
  }

  private closesClause(pos: number): boolean {
    let i = pos;
    while (i < this.text.length && (this.text[i] === '了' || this.text[i] === '的' || isSpace(this.text[i]))) i++;
    return i === this.text.length || isClauseEnd(this.text, i);
  }

  spansOf(tag: Tag, negation: 'none' | 'plain' | 'hypothetical'): Span[] {
    const spans: Span[] = [];
    for (const m of this.matches) {
      if (!this.has(m, tag)) continue;
      if (negation !== 'none' && this.negated(m.start, m.end, negation === 'hypothetical')) continue;
      spans.push([m.start, m.end]);
    }
    return spans;
  }

  // --- punitive ---------------------------------------------------------------------------

  punitiveCandidates(amounts: Amount[], fields: TextFields): Candidate[] {
    const { punitive } = this.c.lexicon;
    const candidates: Candidate[] = [];
    const add = (multiple: PunitiveMultiple, how: PunitiveHow, [start, end]: Span) => {
      if (!this.negated(start, end, false)) candidates.push({ multiple, how, spans: [[start, end]] });
    };
    this.matches.forEach((m, index) => {
      for (const multiple of ['10x', '3x', 'other'] as const) {
        if (this.has(m, `punitive:${multiple}`)) add(multiple, 'keyword', [m.start, m.end]);
      }
      for (const multiple of ['10x', '3x'] as const) {
        if (!this.has(m, `multiple:${multiple}`)) continue;
        const context = this.nearestContext(index, punitive.maxGap);
        if (context) add(multiple, 'keyword', [Math.min(m.start, context.start), Math.max(m.end, context.end)]);
      }
    });
    for (const hit of this.text.matchAll(this.c.shorthand)) {
      const ratio = parseNumeral(hit[2]) / parseNumeral(hit[1]);
      const multiple = ratio === 10 ? '10x' : ratio === 3 ? '3x' : 'other';
      add(multiple, 'shorthand', [hit.index, hit.index + hit[0].length]);
    }
    for (const hit of this.floors()) add(hit.multiple, 'floor', hit.span);
    // Negated claims were already dropped when the amounts were read.
    return [...candidates, ...this.arithmetic(amounts, fields)];
  }

  /** The context word (赔偿, 价款) nearest to the multiple at `index`, in its clause. */
  private nearestContext(index: number, maxGap: number): Match<Tag> | undefined {
    const m = this.matches[index];
    let best: Match<Tag> | undefined;
    let bestGap = Infinity;
    for (let k = index - 1; k >= 0; k--) {
      const c = this.matches[k];
      const gap = m.start - c.end;
      if (gap > maxGap) break;
      if (this.has(c, 'multipleContext') && !crosses(this.text, c.end, m.start, isClauseEnd)) {
        best = c;
        bestGap = gap;
        break;
      }
    }
    for (let k = index + 1; k < this.matches.length; k++) {
      const c = this.matches[k];
      const gap = c.start - m.end;
      if (gap > maxGap || gap >= bestGap) break;
      if (this.has(c, 'multipleContext') && !crosses(this.text, m.end, c.start, isClauseEnd)) return c;
    }
    return best;
  }

  floors(): Array<{ multiple: StatutoryMultiple; span: Span }> {
    const found: Array<{ multiple: StatutoryMultiple; span: Span }> = [];
    for (const hit of this.text.matchAll(this.c.floor)) {
      const below = parseNumeral(hit[1]);
      const multiple = this.c.floorMultiple.get(below);
      if (multiple && parseNumeral(hit[2]) === below) found.push({ multiple, span: [hit.index, hit.index + hit[0].length] });
    }
    return found;
  }

  /**
   * A demand written only as numbers: compensation equal to 10× or 3× the price, or a statutory
   * floor demanded on a purchase so small that the multiple falls below it.
   */
  private arithmetic(amounts: Amount[], fields: TextFields): Candidate[] {
    const prices =
      fields.paid !== undefined
        ? [{ value: fields.paid, span: undefined }]
        : amounts.filter((a) => a.role !== 'claim').map((a) => ({ value: a.value, span: [a.start, a.end] as Span }));
    const claims =
      fields.claimed !== undefined
        ? [{ value: fields.claimed, span: undefined }]
        : amounts.filter((a) => a.role === 'claim').map((a) => ({ value: a.value, span: [a.start, a.end] as Span }));
    const found: Candidate[] = [];
    for (const claim of claims) {
      for (const price of prices) {
        const spans = [price.span, claim.span].filter((s): s is Span => s !== undefined);
        if (spans.length === 0 || !(price.value > 0)) continue;
        for (const multiple of ['10x', '3x'] as const) {
          if (Math.abs(claim.value - FACTOR[multiple] * price.value) <= ROUNDING) {
            found.push({ multiple, how: 'ratio', spans });
          }
        }
        for (const floor of this.c.lexicon.punitive.floors) {
          if (Math.abs(claim.value - floor.amount) <= ROUNDING && FACTOR[floor.multiple] * price.value < floor.amount) {
            found.push({ multiple: floor.multiple, how: 'floor', spans });
          }
        }
      }
    }
    return found;
  }

  // --- amounts ----------------------------------------------------------------------------

  amounts(): Amount[] {
    const statute = this.floors().map((f) => f.span);
    const found: Amount[] = [];
    for (const hit of this.text.matchAll(AMOUNT)) {
      const [whole, before, numeral, after] = hit;
      const start = hit.index;
      const end = start + whole.length;
      if (!before && !after && !/[万亿]/.test(numeral)) continue;
      // 不足1000元的按1000元 quotes the statute; its amounts are not the complainant's.
      if (statute.some(([s, e]) => start >= s && end <= e)) continue;
      const value = parseNumeral(numeral);
      const cue = value > 0 ? this.roleOf(start, end) : null;
      if (!cue) continue;
      if (cue.role === 'total') {
        // A total right after a claimed amount is that claim plus the refund, not a price.
        const previous = found.at(-1);
        if (previous?.role === 'claim' && !crosses(this.text, previous.end, start, isSentenceEnd)) continue;
      }
      found.push({ value, role: cue.role === 'total' ? 'paid' : cue.role, start: cue.start, end: cue.end });
    }
    return found;
  }

  private roleOf(start: number, end: number): { role: AmountRole | 'total'; start: number; end: number } | null {
    const { maxGap } = this.c.lexicon.amounts;
    let next = this.firstFrom(end);
    while (next < this.matches.length && this.matches[next].start < end) next++;
    const after = this.matches[next];
    if (after && this.text.slice(end, after.start).trim() === '' && !this.labelsNextAmount(after.end)) {
      if (this.has(after, 'afterClaim')) return { role: 'claim', start, end: after.end };
      if (this.has(after, 'afterPaid')) return { role: 'paid', start, end: after.end };
    }
    for (let k = this.firstFrom(start) - 1; k >= 0; k--) {
      const cue = this.matches[k];
      if (cue.end > start) continue;
      if (start - cue.end > maxGap || crosses(this.text, cue.end, start, isSentenceEnd)) return null;
      const role = AMOUNT_ROLES.find((r) => this.has(cue, r));
      if (!role) continue;
      if (role === 'neutral') return null;
      if ((role === 'claim' || role === 'refund') && this.negated(cue.start, end, false)) return null;
      if (role === 'payVerb') {
        const demand = this.demandBefore(k);
        return demand === undefined ? { role: 'paid', start: cue.start, end } : { role: 'claim', start: demand, end };
      }
      return { role, start: cue.start, end };
    }
    return null;
  }

  /** 赔偿金 right before 1200元 names that amount, not the one before it. */
  private labelsNextAmount(pos: number): boolean {
    return /^\s*[:为是]?\s*(?:¥|rmb|人民币)?\s*[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/.test(this.text.slice(pos, pos + 8));
  }

  /** Start of a demand verb earlier in the clause of the pay verb at `index` (要求商家支付…). */
  private demandBefore(index: number): number | undefined {
    const verb = this.matches[index];
    for (let k = index - 1; k >= 0; k--) {
      const m = this.matches[k];
      if (crosses(this.text, m.end, verb.start, isClauseEnd) || this.has(m, 'refund')) return undefined;
      if (this.has(m, 'demandVerb')) return this.negated(m.start, m.end, false) ? undefined : m.start;
    }
    return undefined;
  }

  // --- allegations and conduct -------------------------------------------------------------

  advertisingWords(): Span[] {
    const spans: Span[] = [];
    for (const m of this.matches) {
      if (!this.has(m, 'absolute')) continue;
      const quoted = QUOTES.has(this.text[m.start - 1]);
      if (quoted || this.sentenceHas(m.start, ['adContext', 'advertising'])) spans.push([m.start, m.end]);
    }
    return spans;
  }

  private sentenceHas(at: number, tags: Tag[]): boolean {
    const [start, end] = sentenceAround(this.text, at);
    return this.matches.some((m) => m.start >= start && m.end <= end && tags.some((t) => this.has(m, t)));
  }

  threats(): Span[] {
    const { maxGap } = this.c.lexicon.threat;
    const spans: Span[] = [];
    this.matches.forEach((condition, index) => {
      if (!this.has(condition, 'threatCondition')) return;
      for (let k = index + 1; k < this.matches.length; k++) {
        const m = this.matches[k];
        if (m.start - condition.end > maxGap || crosses(this.text, condition.end, m.start, isSentenceEnd)) break;
        if (this.has(m, 'threatConsequence')) {
          spans.push([condition.start, m.end]);
          break;
        }
      }
    });
    for (const m of this.matches) {
      if (this.has(m, 'threat') && !spans.some(([s, e]) => m.start >= s && m.end <= e)) spans.push([m.start, m.end]);
    }
    return spans.sort((a, b) => a[0] - b[0]);
  }
}

function phrasesOf(quote: (span: Span) => string, spans: Span[]): string[] {
  return [...new Set(spans.sort((a, b) => a[0] - b[0]).map(quote))];
}

const orNull = (phrases: string[]): PhraseSignal | null => (phrases.length ? { phrases } : null);

function punitiveOf(reading: Reading, candidates: Candidate[]): PunitiveSignal | null {
  if (candidates.length === 0) return null;
  const best = [...candidates].sort(
    (a, b) => MULTIPLE_RANK[a.multiple] - MULTIPLE_RANK[b.multiple] || HOW_RANK[a.how] - HOW_RANK[b.how],
  )[0];
  return {
    multiple: best.multiple,
    how: best.how,
    phrases: phrasesOf(reading.quote, candidates.flatMap((c) => c.spans)),
  };
}

function amountsOf(amounts: Amount[]): TextAmounts {
  const max = (role: AmountRole) => {
    const values = amounts.filter((a) => a.role === role).map((a) => a.value);
    return values.length ? Math.max(...values) : undefined;
  };
  const refund = max('refund');
  const result: TextAmounts = {};
  // A refund is normally the price; with no compensation asked it is also the whole claim.
  const paid = max('paid') ?? refund;
  const claimed = max('claim') ?? refund;
  if (paid !== undefined) result.paid = paid;
  if (claimed !== undefined) result.claimed = claimed;
  return result;
}

function categoryOf(c: Compiled, source: string): CategorySignal | null {
  const norm = normaliseForSignals(source);
  const hits = c.categories.scan(norm.text);
  if (hits.length === 0) return null;
  const byCategory = new Map<number, { longest: number; count: number; spans: Span[] }>();
  for (const hit of hits) {
    const index = hit.tags[0];
    const entry = byCategory.get(index) ?? { longest: 0, count: 0, spans: [] };
    entry.longest = Math.max(entry.longest, hit.end - hit.start);
    entry.count++;
    entry.spans.push([hit.start, hit.end]);
    byCategory.set(index, entry);
  }
  const [index, entry] = [...byCategory].sort(
    ([ia, a], [ib, b]) => b.longest - a.longest || b.count - a.count || ia - ib,
  )[0];
  return {
    code: c.lexicon.categories.categories[index].code,
    phrases: phrasesOf(([s, e]) => norm.quote(s, e), entry.spans),
  };
}

function read(c: Compiled, text: string, fields: TextFields): TextSignals {
  const reading = new Reading(c, normaliseForSignals(text));
  const amounts = reading.amounts();

  const label = reading.spansOf('label', 'none');
  const advertising = [...reading.spansOf('advertising', 'none'), ...reading.advertisingWords()];
  const kinds: LabelOrAdSignal['kinds'] = [];
  if (label.length) kinds.push('label');
  if (advertising.length) kinds.push('advertising');

  const harm = reading.spansOf('harm', 'hypothetical');
  // Harm is itself a substantive problem: a label complaint with 腹泻 is not label-only.
  const substantive = [...reading.spansOf('substantive', 'hypothetical'), ...harm];

  const product = fields.product?.trim();
  return {
    punitive: punitiveOf(reading, reading.punitiveCandidates(amounts, fields)),
    amounts: amountsOf(amounts),
    labelOrAd: kinds.length ? { kinds, phrases: phrasesOf(reading.quote, [...label, ...advertising]) } : null,
    substantive: orNull(phrasesOf(reading.quote, substantive)),
    harm: orNull(phrasesOf(reading.quote, harm)),
    threat: orNull(phrasesOf(reading.quote, reading.threats())),
    reward: orNull(phrasesOf(reading.quote, reading.spansOf('reward', 'plain'))),
    category: (product ? categoryOf(c, product) : null) ?? categoryOf(c, text),
  };
}

/** A reader for a given lexicon (a rule set may carry its own); compiles it once. */
export function createTextSignalReader(lexicon: Lexicon): TextSignalReader {
  const compiled = compile(lexicon);
  return (text, fields = {}) => read(compiled, text, fields);
}

let shippedReader: TextSignalReader | undefined;

/** Reads the signals of one complaint text with the shipped lexicons. Pure and synchronous. */
export function readTextSignals(text: string, fields?: TextFields): TextSignals {
  shippedReader ??= createTextSignalReader(shippedLexicon());
  return shippedReader(text, fields);
}
