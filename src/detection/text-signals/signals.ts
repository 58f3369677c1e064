/** The signals of one text, assembled from a reading: each with its words quoted, merged and deduplicated. */
import type { PunitiveMultiple } from '../lexicon.js';
import type { Compiled } from './compile.js';
import { expiredSpans, quantityBought } from './goods.js';
import type { Amount, AmountRole } from './numbers.js';
import { Reading, type Candidate } from './reading.js';
import { normalise, type Normalised, type Span } from './text.js';
import type { CategorySignal, LabelOrAdSignal, PhraseSignal, PunitiveHow, PunitiveSignal, TextAmounts, TextFields, TextSignals } from './types.js';

const MULTIPLE_RANK: Record<PunitiveMultiple, number> = { '10x': 0, '3x': 1, other: 2 };
const HOW_RANK: Record<PunitiveHow, number> = { keyword: 0, shorthand: 1, floor: 2, ratio: 3, statute: 4 };

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
    phrases: phrasesOf(
      reading.quote,
      candidates.flatMap((c) => c.spans),
    ),
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

export function read(c: Compiled, text: string, fields: TextFields): TextSignals {
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
  const substantive = [...reading.spansOf('substantive', 'hypothetical'), ...harm, ...expiredSpans(c, reading.text)];
  const quantity = quantityBought(c, reading.text);

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
