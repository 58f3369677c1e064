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
import { lexiconFor, type Lexicon, type LexiconVersion, type PunitiveMultiple, type StatutoryMultiple } from './lexicon.js';

export type { PunitiveMultiple } from './lexicon.js';
export type PunitiveHow = 'keyword' | 'ratio' | 'floor' | 'shorthand' | 'statute';

export interface PunitiveSignal {
  multiple: PunitiveMultiple;
  /** The strongest evidence for `multiple`: a keyword, then shorthand, a floor, a ratio. */
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
  /** How many goods were bought, read from the text (lexicon v2 on; null otherwise). */
  quantity: { value: number; phrases: string[] } | null;
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

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());



const normalisePhrase = (phrase: string) => asciiLower(toSimplified(phrase.normalize('NFKC'))).trim();

function normalise(original: string): Normalised {
  let nfkc = original.normalize('NFKC');
  // Where NFKC changed the length (… → ...), the original offsets of each normalised unit.
  let origin: { from: Int32Array; to: Int32Array } | undefined;
  if (nfkc.length !== original.length) {
    const parts: string[] = [];
    const from: number[] = [];
    const to: number[] = [];
    for (let i = 0; i < original.length; ) {
      const width = original.codePointAt(i)! > 0xffff ? 2 : 1;
      const piece = original.slice(i, i + width).normalize('NFKC');
      parts.push(piece);
      for (let k = 0; k < piece.length; k++) {
        from.push(i);
        to.push(i + width);
      }
      i += width;
    }
    nfkc = parts.join('');
    origin = { from: Int32Array.from(from), to: Int32Array.from(to) };
  }
  const simplified = toSimplified(nfkc);
  const text = asciiLower(simplified);
  // A conversion that changed the length would break the offsets; quote the normalised words.
  if (simplified.length !== nfkc.length) return { text, quote: (s, e) => text.slice(s, e) };
  if (origin) {
    const { from, to } = origin;
    return { text, quote: (s, e) => original.slice(from[s], to[e - 1]) };
  }
  return { text, quote: (s, e) => original.slice(s, e) };
}

// ---------------------------------------------------------------------------------------------
// Characters

const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
const isDigit = (code: number) => code >= 48 && code <= 57;
const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t';

function isSentenceEnd(text: string, i: number): boolean {
  const c = text[i];
  if (c === '。' || c === '!' || c === '?' || c === ';' || c === '\n' || c === '\r') return true;
  // An English full stop; not a decimal point, not a dot of an ellipsis.
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

function sentenceAround(text: string, at: number): Span {
  let start = at;
  while (start > 0 && !isSentenceEnd(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !isSentenceEnd(text, end)) end++;
  return [start, end];
}

// ---------------------------------------------------------------------------------------------
// Dictionary pass

const TAGS = [
  'punitive10x',
  'punitive3x',
  'punitiveOther',
  'multiple10x',
  'multiple3x',
  'multipleContext',
  'paid',
  'total',
  'payVerb',
  'refund',
  'claim',
  'afterPaid',
  'afterClaim',
  'demandVerb',
  'neutral',
  'neg',
  'hypo',
  'postNeg',
  'terminator',
  'label',
  'advertising',
  'absolute',
  'adContext',
  'substantive',
  'harm',
  'threat',
  'threatCondition',
  'threatConsequence',
  'reward',
] as const;
type Tag = (typeof TAGS)[number];
/** A phrase can play several parts (价款 is a price cue and a multiple's context): tags are bits. */
const BIT = Object.fromEntries(TAGS.map((tag, i) => [tag, 2 ** i])) as Record<Tag, number>;
const bitsOf = (tags: readonly Tag[]) => tags.reduce((mask, tag) => mask | BIT[tag], 0);
const KEYWORD_BITS = [['10x', BIT.punitive10x], ['3x', BIT.punitive3x], ['other', BIT.punitiveOther]] as const;
const MULTIPLE_BITS = [['10x', BIT.multiple10x], ['3x', BIT.multiple3x]] as const;

type Span = [number, number];

interface Match<P> {
  start: number;
  end: number;
  payload: P;
}

interface TrieNode<P> {
  next: Map<number, TrieNode<P>>;
  terminal: boolean;
  /** Absent on a lookalike, which only shadows the phrases inside it. */
  payload?: P;
}

/** Leftmost-longest, non-overlapping phrase matching over a character trie. */
class PhraseScanner<P> {
  private readonly root: TrieNode<P> = { next: new Map(), terminal: false };
  /** First code units of all phrases: most characters start none, and this is cheaper than the map. */
  private readonly firsts = new Uint8Array(0x10000);

  constructor(private readonly merge: (a: P, b: P) => P) {}

  add(phrase: string, payload?: P): void {
    this.firsts[phrase.charCodeAt(0)] = 1;
    let node = this.root;
    for (let i = 0; i < phrase.length; i++) {
      const code = phrase.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map(), terminal: false };
        node.next.set(code, child);
      }
      node = child;
    }
    node.terminal = true;
    if (payload !== undefined) node.payload = node.payload === undefined ? payload : this.merge(node.payload, payload);
  }

  scan(text: string): Match<P>[] {
    const matches: Match<P>[] = [];
    const n = text.length;
    for (let i = 0; i < n; ) {
      // Latin words and numbers match whole: "ten times" not inside "often times", 3倍 not in 13倍.
      const first = text.charCodeAt(i);
      let node = this.firsts[first] === 1 ? this.root.next.get(first) : undefined;
      if (!node || (isAlnum(first) && isAlnum(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      let longest: TrieNode<P> | undefined;
      let end = -1;
      for (let j = i + 1; ; j++) {
        if (node.terminal && !(isAlnum(text.charCodeAt(j - 1)) && isAlnum(text.charCodeAt(j)))) {
          longest = node;
          end = j;
        }
        if (j >= n) break;
        const child: TrieNode<P> | undefined = node.next.get(text.charCodeAt(j));
        if (!child) break;
        node = child;
      }
      if (!longest) {
        i++;
        continue;
      }
      if (longest.payload !== undefined) matches.push({ start: i, end, payload: longest.payload });
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
  '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?[十百千万亿拾佰仟]{0,2}' +
  '|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]*';
const CURRENCY_BEFORE = '¥|rmb|cny|人民币';
// 块 is also a counter (三块饼干), so it is money only before a non-Chinese character.
const CURRENCY_AFTER = '元|圆|块钱|块(?![\\u4e00-\\u9fff])|yuan|rmb|cny';
const AMOUNT = new RegExp(`(?:(${CURRENCY_BEFORE})\\s*)?(${NUMBER})(?:\\s*(${CURRENCY_AFTER})(?![a-z]))?`, 'g');
const AMOUNT_IN_PATTERN = `(?:(?:${CURRENCY_BEFORE})\\s*)?(${NUMBER})\\s*(?:${CURRENCY_AFTER})?`;
/** 赔偿金 right before 1200元 names that amount, not the one before it. */
const NAMES_NEXT_AMOUNT = /\s*[:为是]?\s*(?:¥|rmb|人民币)?\s*[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/y;
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
  /** The cue and the amount together (赔偿金1200元), as evidence. */
  span: Span;
}

/** An amount with the words it was read from; no span when it came from an intake field. */
interface Figure {
  value: number;
  span?: Span;
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface Compiled {
  lexicon: Lexicon;
  phrases: PhraseScanner<number>;
  categories: PhraseScanner<number[]>;
  shorthand: RegExp;
  floor: RegExp;
  floorMultiple: Map<number, StatutoryMultiple>;
  /** Citations of the punitive articles (lexicon v2 on). */
  statutes: Array<{ pattern: RegExp; article: number; multiple: StatutoryMultiple }>;
  quantity: { verbs: RegExp; count: RegExp; maxGap: number } | null;
  expiry: { produced: RegExp; shelfLife: RegExp; bought: RegExp; maxGap: number } | null;
}

const ARTICLE = '\\d{1,4}|[一二三四五六七八九十百零〇]{1,6}';
/** 2018年3月12日 · 2018-03-12 · 2018.3.12 · 2018/3/12 · 20180312. */
const DATE = '(\\d{4})\\s*[年.\\-/]\\s*(\\d{1,2})\\s*[月.\\-/]\\s*(\\d{1,2})\\s*日?|(\\d{4})(\\d{2})(\\d{2})(?!\\d)';
const dateOf = (m: string[], at: number): number | null => {
  const [y, mo, d] = m[at] !== undefined ? [m[at], m[at + 1], m[at + 2]] : [m[at + 3], m[at + 4], m[at + 5]];
  if (y === undefined) return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  return Date.UTC(year, month - 1, day);
};

const FACTOR: Record<StatutoryMultiple, number> = { '10x': 10, '3x': 3 };
const AMOUNT_ROLES = ['paid', 'total', 'payVerb', 'refund', 'claim', 'neutral'] as const satisfies readonly Tag[];
const AMOUNT_ROLE_BITS = AMOUNT_ROLES.map((role) => [role, BIT[role]] as const);
const ANY_AMOUNT_ROLE = bitsOf(AMOUNT_ROLES);
const INHERITED_ROLES = bitsOf(['paid', 'payVerb', 'refund', 'claim']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]) =>
  words
    .map(normalisePhrase)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

function compile(lexicon: Lexicon): Compiled {
  const { punitive, amounts, negation, allegations, harm, threat, reward, categories } = lexicon;
  const tagged: Array<[string[], Tag | null]> = [
    [punitive.phrases['10x'], 'punitive10x'],
    [punitive.phrases['3x'], 'punitive3x'],
    [punitive.phrases.other, 'punitiveOther'],
    [punitive.multiples['10x'], 'multiple10x'],
    [punitive.multiples['3x'], 'multiple3x'],
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
    [negation.lookalikes, null],
    [allegations.lookalikes, null],
    [harm.lookalikes, null],
  ];
  const masks = new Map<string, number>();
  for (const [words, tag] of tagged) {
    for (const word of words) {
      const phrase = normalisePhrase(word);
      masks.set(phrase, (masks.get(phrase) ?? 0) | (tag ? BIT[tag] : 0));
    }
  }
  // A longer phrase shadows the cue words inside it, so it takes over their money role:
  // in 惩罚性赔偿1000元 the amount is still a claim.
  const cues = [...masks].filter(([, mask]) => mask & INHERITED_ROLES);
  const phrases = new PhraseScanner<number>((a, b) => a | b);
  for (const [phrase, mask] of masks) {
    let inherited = mask;
    if (!(mask & ANY_AMOUNT_ROLE)) {
      for (const [cue, cueMask] of cues) {
        if (phrase.length > cue.length && phrase.includes(cue)) inherited |= cueMask & INHERITED_ROLES;
      }
    }
    phrases.add(phrase, inherited === 0 ? undefined : inherited);
  }

  const categoryScanner = new PhraseScanner<number[]>((a, b) => [...new Set([...a, ...b])]);
  categories.categories.forEach((category, index) => {
    for (const keyword of category.keywords) categoryScanner.add(normalisePhrase(keyword), [index]);
  });
  for (const word of categories.lookalikes) categoryScanner.add(normalisePhrase(word));

  const count = '(\\d+|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})';
  return {
    lexicon,
    phrases,
    categories: categoryScanner,
    shorthand: new RegExp(
      `(?:${alternation(punitive.shorthand.lead)})${count}(?:${alternation(punitive.shorthand.pay)})${count}`,
      'g',
    ),
    floor: new RegExp(
      `(?:${alternation(punitive.floorWords.below)})\\s*${AMOUNT_IN_PATTERN}\\s*的?\\s*,?\\s*` +
        `(?:${alternation(punitive.floorWords.then)})\\s*${AMOUNT_IN_PATTERN}`,
      'g',
    ),
    floorMultiple: new Map(punitive.floors.map((f) => [f.amount, f.multiple])),
    statutes: (punitive.statutes ?? []).map((st) => ({
      // 《中华人民共和国食品安全法》第一百四十八条第二款 · 食品安全法148条 · 消法第55条
      pattern: new RegExp(`(?:${alternation(st.laws)})[》>]?\\s*(?:\\([^)]{0,12}\\))?\\s*(?:第\\s*)?(${ARTICLE})\\s*条`, 'g'),
      article: st.article,
      multiple: st.multiple,
    })),
    quantity: lexicon.quantity
      ? {
          verbs: new RegExp(alternation(lexicon.quantity.verbs), 'g'),
          // A count of goods: not part of a code or a decimal, not an ordinal (第3条), not 3个月.
          count: new RegExp(`(?<![\\d.a-z第一二两三四五六七八九十百千万])(\\d{1,6}|[一二两三四五六七八九十百]{1,4})\\s*(${alternation(lexicon.quantity.units)})(?![月人小天年])`, 'g'),
          maxGap: lexicon.quantity.maxGap,
        }
      : null,
    expiry: lexicon.expiry
      ? {
          produced: new RegExp(`(?:${alternation(lexicon.expiry.produced)})\\s*[:为是]?\\s*(?:${DATE})`, 'g'),
          shelfLife: new RegExp(
            `(?:${alternation(lexicon.expiry.shelfLife)})\\s*[:为是至到]?\\s*(?:${DATE}|(\\d{1,4}|[一二两三四五六七八九十]{1,3})\\s*(个月|月|天|日|年))`,
            'g',
          ),
          bought: new RegExp(`(?:${DATE})[^。;!?]{0,${lexicon.expiry.maxGap}}?(?:${alternation(lexicon.expiry.bought)})`, 'g'),
          maxGap: lexicon.expiry.maxGap,
        }
      : null,
  };
}

function execAll(pattern: RegExp, text: string): RegExpExecArray[] {
  const hits: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let hit = pattern.exec(text); hit; hit = pattern.exec(text)) hits.push(hit);
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Reading one text

interface Candidate {
  multiple: PunitiveMultiple;
  how: PunitiveHow;
  spans: Span[];
}

const MULTIPLE_RANK: Record<PunitiveMultiple, number> = { '10x': 0, '3x': 1, other: 2 };
const HOW_RANK: Record<PunitiveHow, number> = { keyword: 0, shorthand: 1, floor: 2, ratio: 3, statute: 4 };
const QUOTES = new Set(['"', "'", '“', '‘', '「', '『', '【']);
const OPENING: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』', '【': '】', '《': '》', '(': ')', '[': ']' };
/** A count right after a count of packs is a pack size (一箱四瓶), not another purchase. */
const PACK_BEFORE = /[\d一二两三四五六七八九十百][箱盒瓶袋包罐件桶提组]$/;

/** Which positions of a text stand inside quotes or brackets (a product's name, a remark). */
function quotedPositions(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  const closers: string[] = [];
  let ascii = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') ascii = !ascii;
    else if (OPENING[c]) closers.push(OPENING[c]);
    else if (closers.length && c === closers[closers.length - 1]) closers.pop();
    if (closers.length || ascii) inside[i] = 1;
  }
  return inside;
}
/** A multiple of a price with cents is often rounded (3 × 12.34元 written as 37元): up to half a
 * yuan, and no more than 2% of a small amount. */
const near = (written: number, exact: number) => Math.abs(written - exact) <= Math.min(0.5, 0.02 * exact);
/** A post cue must follow the phrase it negates closely: 十倍赔偿就不要了. */
const POST_GAP = 4;
/** Room for the party between a demand and its pay verb: 要求被投诉人某某食品有限公司支付. */
const DEMAND_REACH = 24;

type Negation = 'none' | 'plain' | 'hypothetical';

class Reading {
  readonly text: string;
  readonly matches: Match<number>[];
  readonly floors: Array<{ multiple: StatutoryMultiple; span: Span }>;

  constructor(
    private readonly c: Compiled,
    private readonly norm: Normalised,
  ) {
    this.text = norm.text;
    this.matches = c.phrases.scan(norm.text);
    this.floors = this.readFloors();
  }

  readonly quote = ([start, end]: Span): string => this.norm.quote(start, end);

  private has(m: Match<number>, bit: number): boolean {
    return (m.payload & bit) !== 0;
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

  // --- negation ---------------------------------------------------------------------------

  negated(start: number, end: number, negation: Negation): boolean {
    if (negation === 'none') return false;
    const { maxGap } = this.c.lexicon.negation;
    for (let k = this.firstFrom(start) - 1; k >= 0; k--) {
      const m = this.matches[k];
      if (m.end > start) continue;
      if (start - m.end > maxGap || crosses(this.text, m.end, start, isClauseEnd)) break;
      if (this.has(m, BIT.neg) || (negation === 'hypothetical' && this.has(m, BIT.hypo))) return true;
      if (this.has(m, BIT.terminator)) break;
    }
    for (let k = this.firstFrom(end); k < this.matches.length; k++) {
      const m = this.matches[k];
      if (m.start - end > POST_GAP || crosses(this.text, end, m.start, isClauseEnd)) break;
      if (this.has(m, BIT.postNeg) && this.closesClause(m.end)) return true;
    }
    return false;
  }

  private closesClause(pos: number): boolean {
    let i = pos;
    while (i < this.text.length && (this.text[i] === '了' || this.text[i] === '的' || isSpace(this.text[i]))) i++;
    return i === this.text.length || isClauseEnd(this.text, i);
  }

  spansOf(tag: Tag, negation: Negation): Span[] {
    const bit = BIT[tag];
    const spans: Span[] = [];
    for (const m of this.matches) {
      if (this.has(m, bit) && !this.negated(m.start, m.end, negation)) spans.push([m.start, m.end]);
    }
    return spans;
  }

  // --- amounts ----------------------------------------------------------------------------

  amounts(): Amount[] {
    const found: Amount[] = [];
    for (const hit of execAll(AMOUNT, this.text)) {
      const [whole, before, numeral, after] = hit;
      const start = hit.index;
      const end = start + whole.length;
      const previous = this.text.charCodeAt(start - 1);
      // Part of a code (sc12345元, GB7718) or of a decimal, not an amount.
      if (isAlnum(previous) || previous === 46) continue;
      if (!before && !after && !/[万亿]/.test(numeral)) continue;
      // 不足1000元的按1000元 quotes the statute; its amounts are not the complainant's.
      if (this.floors.some(({ span: [s, e] }) => start >= s && end <= e)) continue;
      const value = parseNumeral(numeral);
      const cue = value > 0 ? this.cueOf(start, end) : null;
      if (!cue) continue;
      // 退还货款9.9元，赔偿1000元，合计1009.9元: a total that adds up what its sentence listed is only
      // their sum. Read as a price it would hide the small purchase behind a statutory floor.
      if (cue.total && this.c.lexicon.amounts.totalsAddUp) {
        const listed = found.filter((a) => !crosses(this.text, a.span[1], start, isSentenceEnd));
        if (listed.length >= 2 && near(value, listed.reduce((sum, a) => sum + a.value, 0))) continue;
      }
      const last = found.at(-1);
      // 退款12元，赔偿1000元，共计1012元: the total repeats the claim with the refund added.
      if (cue.total && cue.role === 'claim' && last?.role === 'claim' && !crosses(this.text, last.span[1], start, isSentenceEnd)) {
        continue;
      }
      found.push({ value, role: cue.role, span: cue.span });
    }
    return found;
  }

  private cueOf(start: number, end: number): { role: AmountRole; span: Span; total: boolean } | null {
    const after = this.matches[this.firstFrom(end)];
    if (after && this.onlySpaces(end, after.start)) {
      NAMES_NEXT_AMOUNT.lastIndex = after.end;
      if (!NAMES_NEXT_AMOUNT.test(this.text)) {
        if (this.has(after, BIT.afterClaim)) return { role: 'claim', span: [start, after.end], total: false };
        if (this.has(after, BIT.afterPaid)) return { role: 'paid', span: [start, after.end], total: false };
      }
    }
    const { maxGap } = this.c.lexicon.amounts;
    for (let k = this.firstFrom(start) - 1; k >= 0; k--) {
      const cue = this.matches[k];
      if (cue.end > start) continue;
      if (start - cue.end > maxGap || crosses(this.text, cue.end, start, isSentenceEnd)) return null;
      const role = AMOUNT_ROLE_BITS.find(([, bit]) => this.has(cue, bit))?.[0];
      if (!role) continue;
      const span: Span = [cue.start, end];
      switch (role) {
        case 'neutral':
          return null;
        case 'total':
          return { role: this.summedRole(k), span, total: true };
        case 'payVerb': {
          const demand = this.demandBefore(k);
          return demand === undefined ? { role: 'paid', span, total: false } : { role: 'claim', span: [demand, end], total: false };
        }
        case 'claim':
        case 'refund':
          return this.negated(cue.start, end, 'plain') ? null : { role, span, total: false };
        default:
          return { role, span, total: false };
      }
    }
    return null;
  }

  /** A total (共计) sums what its sentence listed before it: claims (赔偿误工费、交通费共计) or prices. */
  private summedRole(index: number): AmountRole {
    const total = this.matches[index];
    const reach = 2 * this.c.lexicon.amounts.maxGap;
    for (let k = index - 1; k >= 0 && total.start - this.matches[k].end <= reach; k--) {
      const m = this.matches[k];
      if (crosses(this.text, m.end, total.start, isSentenceEnd)) break;
      if (this.has(m, BIT.claim)) return 'claim';
      if (this.has(m, BIT.paid | BIT.payVerb | BIT.refund)) return 'paid';
    }
    return 'paid';
  }

  private onlySpaces(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (!isSpace(this.text[i])) return false;
    return true;
  }

  /** Start of a demand verb shortly before the pay verb at `index`, in its clause (要求商家支付…). */
  private demandBefore(index: number): number | undefined {
    const verb = this.matches[index];
    for (let k = index - 1; k >= 0 && verb.start - this.matches[k].end <= DEMAND_REACH; k--) {
      const m = this.matches[k];
      if (crosses(this.text, m.end, verb.start, isClauseEnd) || this.has(m, BIT.refund)) return undefined;
      if (this.has(m, BIT.demandVerb)) return this.negated(m.start, m.end, 'plain') ? undefined : m.start;
    }
    return undefined;
  }

  // --- punitive demands --------------------------------------------------------------------

  punitiveCandidates(amounts: Amount[], fields: TextFields): Candidate[] {
    const { maxGap } = this.c.lexicon.punitive;
    const candidates: Candidate[] = [];
    const add = (multiple: PunitiveMultiple, how: PunitiveHow, [start, end]: Span) => {
      if (!this.negated(start, end, 'plain')) candidates.push({ multiple, how, spans: [[start, end]] });
    };
    this.matches.forEach((m, index) => {
      for (const [multiple, bit] of KEYWORD_BITS) {
        if (this.has(m, bit)) add(multiple, 'keyword', [m.start, m.end]);
      }
      for (const [multiple, bit] of MULTIPLE_BITS) {
        if (!this.has(m, bit)) continue;
        const context = this.contextOf(index, maxGap);
        if (context) add(multiple, 'keyword', [Math.min(m.start, context.start), Math.max(m.end, context.end)]);
      }
    });
    for (const hit of execAll(this.c.shorthand, this.text)) {
      const ratio = parseNumeral(hit[2]) / parseNumeral(hit[1]);
      add(ratio === 10 ? '10x' : ratio === 3 ? '3x' : 'other', 'shorthand', [hit.index, hit.index + hit[0].length]);
    }
    for (const floor of this.floors) add(floor.multiple, 'floor', floor.span);
    for (const statute of this.c.statutes) {
      for (const hit of execAll(statute.pattern, this.text)) {
        if (parseNumeral(hit[1]) === statute.article) add(statute.multiple, 'statute', [hit.index, hit.index + hit[0].length]);
      }
    }
    // Negated claims were already dropped when the amounts were read.
    return [...candidates, ...this.arithmetic(amounts, fields)];
  }

  /** The context word (赔偿, 价款) nearest to the multiple at `index`, in its clause. */
  private contextOf(index: number, maxGap: number): Match<number> | undefined {
    const m = this.matches[index];
    let before: Match<number> | undefined;
    for (let k = index - 1; k >= 0 && m.start - this.matches[k].end <= maxGap; k--) {
      const c = this.matches[k];
      if (this.has(c, BIT.multipleContext) && !crosses(this.text, c.end, m.start, isClauseEnd)) {
        before = c;
        break;
      }
    }
    const reach = before ? m.start - before.end : maxGap + 1;
    for (let k = index + 1; k < this.matches.length && this.matches[k].start - m.end < reach; k++) {
      const c = this.matches[k];
      if (this.has(c, BIT.multipleContext) && !crosses(this.text, m.end, c.start, isClauseEnd)) return c;
    }
    return before;
  }

  /** 不足1000元的按1000元: a statutory floor, written out. */
  private readFloors(): Array<{ multiple: StatutoryMultiple; span: Span }> {
    const found: Array<{ multiple: StatutoryMultiple; span: Span }> = [];
    for (const hit of execAll(this.c.floor, this.text)) {
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
    // One figure per distinct value (its first mention), so a long text that repeats its
    // amounts does not multiply the pairs to compare.
    const fromText = (keep: (a: Amount) => boolean): Figure[] => {
      const byValue = new Map<number, Figure>();
      for (const a of amounts) {
        if (keep(a) && !byValue.has(a.value)) byValue.set(a.value, { value: a.value, span: a.span });
      }
      return [...byValue.values()];
    };
    const prices = fields.paid !== undefined ? [{ value: fields.paid }] : fromText((a) => a.role !== 'claim');
    const claims = fields.claimed !== undefined ? [{ value: fields.claimed }] : fromText((a) => a.role === 'claim');
    // A floor applies when the multiple of the whole price is below it, so the largest price
    // (the total, not a unit price) is the one to test.
    const whole = prices.reduce<Figure | undefined>((best, p) => (best && best.value >= p.value ? best : p), undefined);
    const found: Candidate[] = [];
    const add = (multiple: StatutoryMultiple, how: PunitiveHow, ...figures: Figure[]) => {
      const spans = figures.flatMap((f) => (f.span ? [f.span] : []));
      // With both figures from fields there is nothing in the text to cite.
      if (spans.length) found.push({ multiple, how, spans });
    };
    for (const claim of claims) {
      for (const price of prices) {
        for (const multiple of ['10x', '3x'] as const) {
          if (price.value > 0 && near(claim.value, FACTOR[multiple] * price.value)) add(multiple, 'ratio', price, claim);
        }
      }
      if (!whole || !(whole.value > 0)) continue;
      for (const floor of this.c.lexicon.punitive.floors) {
        if (near(claim.value, floor.amount) && FACTOR[floor.multiple] * whole.value < floor.amount) {
          add(floor.multiple, 'floor', whole, claim);
        }
      }
    }
    return found;
  }

  // --- goods bought -------------------------------------------------------------------------

  /**
   * The count of goods bought (购买了270袋; 购买1盒…、7瓶…、7瓶… is 15): the counts listed in the
   * clause after a purchase verb, within maxGap characters. Not counted: numbers inside a product's
   * name (“…120粒”, 《…》, （…）), pack sizes (50ml*10瓶, 每盒3瓶, 一箱四瓶) and a count after the
   * list has ended (购买九盒…提出了八盒). A stated total (4盒共8瓶, 共计360罐) replaces the sum. A
   * text that tells the purchase twice (the claim, then the court's findings) is not added up: the
   * largest purchase counts.
   */
  quantity(): { value: number; span: Span } | null {
    const q = this.c.quantity;
    if (!q) return null;
    let best: { value: number; span: Span } | null = null;
    for (const verb of execAll(q.verbs, this.text)) {
      const from = verb.index + verb[0].length;
      let to = Math.min(this.text.length, from + q.maxGap);
      for (let i = from; i < to; i++) if (isClauseEnd(this.text, i)) to = i;
      const window = this.text.slice(from, to);
      const quoted = quotedPositions(window);
      let value = 0;
      let end = -1;
      for (const hit of execAll(q.count, window)) {
        const n = parseNumeral(hit[1]);
        const before = window.slice(Math.max(0, hit.index - 2), hit.index);
        if (!(n > 0) || quoted[hit.index] || /[*×x每]$/.test(before) || PACK_BEFORE.test(before)) continue;
        if (/共计?$|合计$|总计$/.test(before)) {
          value = n;
          end = hit.index + hit[0].length;
          break;
        }
        if (end >= 0 && !/[、和及与+]/.test(window.slice(end, hit.index))) break;
        value += n;
        end = hit.index + hit[0].length;
      }
      if (value > 0 && (!best || value > best.value)) best = { value, span: [verb.index, from + end] };
    }
    return best;
  }

  /**
   * Goods sold past their shelf life, told as dates (生产日期为2017年12月16日，保质期9个月 … 于2018年
   * 10月14日购买): the production date plus the shelf life (or the end date given) before the date
   * of purchase.
   */
  expired(): Span[] {
    const e = this.c.expiry;
    if (!e) return [];
    const purchases = execAll(e.bought, this.text).map((m) => ({ at: dateOf(m, 1), span: [m.index, m.index + m[0].length] as Span }));
    if (!purchases.some((p) => p.at !== null)) return [];
    const spans: Span[] = [];
    const shelves = execAll(e.shelfLife, this.text);
    for (const produced of execAll(e.produced, this.text)) {
      const made = dateOf(produced, 1);
      const shelf = shelves.find((s) => s.index >= produced.index && s.index - (produced.index + produced[0].length) <= e.maxGap);
      if (made === null || !shelf) continue;
      let until: number | null;
      // An end date (保质期至2018年10月8日) is tried first: 2018年 is no shelf life of 2018 years.
      if (shelf[7] !== undefined) {
        const n = parseNumeral(shelf[7]);
        const d = new Date(made);
        if (shelf[8] === '年') d.setUTCFullYear(d.getUTCFullYear() + n);
        else if (shelf[8] === '个月' || shelf[8] === '月') d.setUTCMonth(d.getUTCMonth() + n);
        else d.setUTCDate(d.getUTCDate() + n);
        until = d.getTime();
      } else until = dateOf(shelf, 1);
      if (until === null) continue;
      const bought = purchases.find((p) => p.at !== null && p.at > until!);
      if (bought) spans.push([produced.index, shelf.index + shelf[0].length], bought.span);
    }
    return spans;
  }

  // --- allegations and conduct -------------------------------------------------------------

  /** 最, 第一, 国家级 count when quoted or said of advertising, not in 最近 or 第一次. */
  absoluteWords(): Span[] {
    const spans: Span[] = [];
    let sentence: Span = [-1, -1];
    let aboutAdvertising = false;
    for (const m of this.matches) {
      if (!this.has(m, BIT.absolute)) continue;
      if (m.start >= sentence[1]) {
        sentence = sentenceAround(this.text, m.start);
        aboutAdvertising = this.anyWithin(sentence, BIT.adContext | BIT.advertising);
      }
      if (aboutAdvertising || QUOTES.has(this.text[m.start - 1])) spans.push([m.start, m.end]);
    }
    return spans;
  }

  private anyWithin([start, end]: Span, bits: number): boolean {
    for (let k = this.firstFrom(start); k < this.matches.length && this.matches[k].end <= end; k++) {
      if (this.has(this.matches[k], bits)) return true;
    }
    return false;
  }

  threats(): Span[] {
    const { maxGap } = this.c.lexicon.threat;
    const spans: Span[] = [];
    this.matches.forEach((condition, index) => {
      if (!this.has(condition, BIT.threatCondition)) return;
      let end = -1;
      for (let k = index + 1; k < this.matches.length; k++) {
        const m = this.matches[k];
        if (m.start - condition.end > maxGap) break;
        // The first consequence may be in a later clause (否则，我就曝光); the quote then runs to
        // the last consequence of that clause (向媒体曝光).
        if (crosses(this.text, end < 0 ? condition.end : end, m.start, end < 0 ? isSentenceEnd : isClauseEnd)) break;
        if (this.has(m, BIT.threatConsequence)) end = m.end;
      }
      if (end >= 0) spans.push([condition.start, end]);
    });
    return [...spans, ...this.spansOf('threat', 'none')];
  }
}

/** Quotes the spans in text order; overlapping ones (十倍赔偿 + 赔偿1000元) become one phrase. */
function phrasesOf(quote: (span: Span) => string, spans: Span[]): string[] {
  if (spans.length === 0) return [];
  const merged: Span[] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
    const last = merged.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return [...new Set(merged.map(quote))];
}

const orNull = (phrases: string[]): PhraseSignal | null => (phrases.length ? { phrases } : null);

function punitiveOf(reading: Reading, candidates: Candidate[]): PunitiveSignal | null {
  if (candidates.length === 0) return null;
  const rank = (c: Candidate) => MULTIPLE_RANK[c.multiple] * 10 + HOW_RANK[c.how];
  const best = candidates.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return {
    multiple: best.multiple,
    how: best.how,
    phrases: phrasesOf(reading.quote, candidates.flatMap((c) => c.spans)),
  };
}

function amountsOf(amounts: Amount[]): TextAmounts {
  const largest = (role: AmountRole) => {
    const values = amounts.filter((a) => a.role === role).map((a) => a.value);
    return values.length ? Math.max(...values) : undefined;
  };
  const refund = largest('refund');
  // A refund is normally the price; with no compensation asked it is also the whole claim.
  const paid = largest('paid') ?? refund;
  const claimed = largest('claim') ?? refund;
  const result: TextAmounts = {};
  if (paid !== undefined) result.paid = paid;
  if (claimed !== undefined) result.claimed = claimed;
  return result;
}

/** The longest keyword decides (保健食品 over 食品); then more hits; then lexicon order. */
function categoryOf(c: Compiled, norm: Normalised): CategorySignal | null {
  const hits = c.categories.scan(norm.text);
  if (hits.length === 0) return null;
  const tally = new Map<number, { longest: number; count: number; spans: Span[] }>();
  for (const hit of hits) {
    for (const index of hit.payload) {
      const entry = tally.get(index) ?? { longest: 0, count: 0, spans: [] };
      entry.longest = Math.max(entry.longest, hit.end - hit.start);
      entry.count++;
      entry.spans.push([hit.start, hit.end]);
      tally.set(index, entry);
    }
  }
  const [index, entry] = [...tally].sort(([ia, a], [ib, b]) => b.longest - a.longest || b.count - a.count || ia - ib)[0];
  return {
    code: c.lexicon.categories.categories[index].code,
    phrases: phrasesOf(([s, e]) => norm.quote(s, e), entry.spans),
  };
}

function read(c: Compiled, text: string, fields: TextFields): TextSignals {
  const norm = normalise(text);
  const reading = new Reading(c, norm);
  const amounts = reading.amounts();

  const label = reading.spansOf('label', 'none');
  const advertising = [...reading.spansOf('advertising', 'none'), ...reading.absoluteWords()];
  const kinds: LabelOrAdSignal['kinds'] = [];
  if (label.length) kinds.push('label');
  if (advertising.length) kinds.push('advertising');

  const harm = reading.spansOf('harm', 'hypothetical');
  // Harm is itself a substantive problem: a label complaint with 腹泻 is not label-only; so is food
  // sold past its shelf life, whether or not the word 过期 is used.
  const substantive = [...reading.spansOf('substantive', 'hypothetical'), ...harm, ...reading.expired()];
  const quantity = reading.quantity();

  const product = fields.product?.trim();
  return {
    punitive: punitiveOf(reading, reading.punitiveCandidates(amounts, fields)),
    amounts: amountsOf(amounts),
    labelOrAd: kinds.length ? { kinds, phrases: phrasesOf(reading.quote, [...label, ...advertising]) } : null,
    substantive: orNull(phrasesOf(reading.quote, substantive)),
    harm: orNull(phrasesOf(reading.quote, harm)),
    threat: orNull(phrasesOf(reading.quote, reading.threats())),
    reward: orNull(phrasesOf(reading.quote, reading.spansOf('reward', 'plain'))),
    category: (product ? categoryOf(c, normalise(product)) : null) ?? categoryOf(c, norm),
    quantity: quantity ? { value: quantity.value, phrases: [reading.quote(quantity.span)] } : null,
  };
}

/** A reader for a given lexicon (a rule set may carry its own); compiles it once. */
export function createTextSignalReader(lexicon: Lexicon): TextSignalReader {
  const compiled = compile(lexicon);
  return (text, fields = {}) => read(compiled, text, fields);
}

const readers = new Map<LexiconVersion, TextSignalReader>();

/** Reads the signals of one complaint text with a shipped lexicon (v1 by default). Pure and synchronous. */
export function readTextSignals(text: string, fields?: TextFields, version: LexiconVersion = 'v1'): TextSignals {
  let reader = readers.get(version);
  if (!reader) {
    reader = createTextSignalReader(lexiconFor(version));
    readers.set(version, reader);
  }
  return reader(text, fields);
}
