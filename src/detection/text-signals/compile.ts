/**
 * A lexicon compiled for reading: its phrases in one scanner with their tags, the category
 * keywords in another, and the patterns for shorthand, floors, statutes, quantities and expiry.
 */
import type { Lexicon, StatutoryMultiple } from '../lexicon.js';
import { AMOUNT_IN_PATTERN, ARTICLE, DATE } from './numbers.js';
import { PhraseScanner } from './phrase-scanner.js';
import { ANY_AMOUNT_ROLE, BIT, INHERITED_ROLES, type Tag } from './tags.js';
import { normalisePhrase } from './text.js';

export interface Compiled {
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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]) =>
  words
    .map(normalisePhrase)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');

export function compile(lexicon: Lexicon): Compiled {
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
    shorthand: new RegExp(`(?:${alternation(punitive.shorthand.lead)})${count}(?:${alternation(punitive.shorthand.pay)})${count}`, 'g'),
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
          count: new RegExp(
            `(?<![\\d.a-z第一二两三四五六七八九十百千万])(\\d{1,6}|[一二两三四五六七八九十百]{1,4})\\s*(${alternation(lexicon.quantity.units)})(?![月人小天年])`,
            'g',
          ),
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
