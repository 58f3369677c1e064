/**
 * One text read against a compiled lexicon: the list of phrase matches, and the cues found on it —
 * negation, the role of each amount of money, punitive demands (keywords, multiples, shorthand,
 * floors, statutes, arithmetic), allegations and threats.
 */
import type { PunitiveMultiple, StatutoryMultiple } from '../lexicon.js';
import type { Compiled } from './compile.js';
import { AMOUNT, NAMES_NEXT_AMOUNT, parseNumeral, type Amount, type AmountRole, type Figure } from './numbers.js';
import type { Match } from './phrase-scanner.js';
import { AMOUNT_ROLE_BITS, BIT, KEYWORD_BITS, MULTIPLE_BITS, type Tag } from './tags.js';
import { crosses, execAll, isAlnum, isClauseEnd, isSentenceEnd, isSpace, sentenceAround, type Normalised, type Span } from './text.js';
import type { PunitiveHow, TextFields } from './types.js';

export interface Candidate {
  multiple: PunitiveMultiple;
  how: PunitiveHow;
  spans: Span[];
}

const QUOTES = new Set(['"', "'", '“', '‘', '「', '『', '【']);

/** A multiple of a price with cents is often rounded (3 × 12.34元 written as 37元): up to half a
 * yuan, and no more than 2% of a small amount. */
const near = (written: number, exact: number) => Math.abs(written - exact) <= Math.min(0.5, 0.02 * exact);
/** A post cue must follow the phrase it negates closely: 十倍赔偿就不要了. */
const POST_GAP = 4;
/** Room for the party between a demand and its pay verb: 要求被投诉人某某食品有限公司支付. */
const DEMAND_REACH = 24;

type Negation = 'none' | 'plain' | 'hypothetical';

const FACTOR: Record<StatutoryMultiple, number> = { '10x': 10, '3x': 3 };

export class Reading {
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
        if (
          listed.length >= 2 &&
          near(
            value,
            listed.reduce((sum, a) => sum + a.value, 0),
          )
        )
          continue;
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
