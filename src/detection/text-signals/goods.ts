/**
 * Readers of the goods a text tells of (lexicon v2 on): how many were bought, and whether they
 * were sold past their shelf life.
 */
import type { Compiled } from './compile.js';
import { dateOf, parseNumeral } from './numbers.js';
import { execAll, isClauseEnd, type Span } from './text.js';

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

/**
 * The count of goods bought (购买了270袋; 购买1盒…、7瓶…、7瓶… is 15): the counts listed in the
 * clause after a purchase verb, within maxGap characters. Not counted: numbers inside a product's
 * name (“…120粒”, 《…》, （…）), pack sizes (50ml*10瓶, 每盒3瓶, 一箱四瓶) and a count after the
 * list has ended (购买九盒…提出了八盒). A stated total (4盒共8瓶, 共计360罐) replaces the sum. A
 * text that tells the purchase twice (the claim, then the court's findings) is not added up: the
 * largest purchase counts.
 */
export function quantityBought(c: Compiled, text: string): { value: number; span: Span } | null {
  const q = c.quantity;
  if (!q) return null;
  let best: { value: number; span: Span } | null = null;
  for (const verb of execAll(q.verbs, text)) {
    const from = verb.index + verb[0].length;
    let to = Math.min(text.length, from + q.maxGap);
    for (let i = from; i < to; i++) if (isClauseEnd(text, i)) to = i;
    const window = text.slice(from, to);
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
export function expiredSpans(c: Compiled, text: string): Span[] {
  const e = c.expiry;
  if (!e) return [];
  const purchases = execAll(e.bought, text).map((m) => ({ at: dateOf(m, 1), span: [m.index, m.index + m[0].length] as Span }));
  if (!purchases.some((p) => p.at !== null)) return [];
  const spans: Span[] = [];
  const shelves = execAll(e.shelfLife, text);
  for (const produced of execAll(e.produced, text)) {
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
