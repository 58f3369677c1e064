/**
 * What detection needs to know about one complaint, derived once at intake. An explicit field
 * wins over the text; the text only fills fields the intake left out (domain.md, "Inputs").
 */
import type { ComplaintInput } from '../intake/complaint.validation.js';
import { readTextSignals, type TextSignals, type PunitiveHow } from './text-signals/index.js';
import { LEXICON_VERSIONS, type LexiconVersion } from './lexicon.js';
import { toFen } from '../shared/money.js';
import { toSimplified } from '../text/chinese.js';

export interface ComplaintFacts {
  punitive: { multiple: '3x' | '10x' | 'other'; source: 'field' | 'text'; how?: PunitiveHow; phrases: string[] } | null;
  /** Amount paid, fen. */
  paid: number | null;
  /** Amount claimed, fen. */
  claimed: number | null;
  harm: { source: 'field' | 'text'; phrases: string[] } | null;
  labelOrAd: { kinds: Array<'label' | 'advertising'>; phrases: string[] } | null;
  substantive: string[] | null;
  reward: { source: 'field' | 'text'; phrases: string[] } | null;
  threat: string[] | null;
  category: string | null;
  quantity: number | null;
  /** The words a quantity was read from, when the text gave it (lexicon v2 on). */
  quantityPhrases?: string[];
  orderIds: string[];
  /** The product as a grouping key (split orders are "the same product"). */
  productKey: string | null;
}

export function productKey(product: string | undefined): string | null {
  if (!product) return null;
  const key = toSimplified(product.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
  return key || null;
}

/** What facts are read from: the complaint's text and the fields that win over it. */
export type FactsInput = Pick<ComplaintInput, 'claim' | 'purchase' | 'text'>;

export function deriveFacts(input: FactsInput, signals: TextSignals): ComplaintFacts {
  const claim = input.claim ?? {};
  const purchase = input.purchase ?? {};
  const textFen = (yuan: number | undefined) => (yuan === undefined ? null : toFen(yuan));

  let punitive: ComplaintFacts['punitive'] = null;
  if (claim.punitive !== undefined) {
    if (claim.punitive !== 'none') punitive = { multiple: claim.punitive, source: 'field', phrases: [] };
  } else if (signals.punitive) {
    punitive = { multiple: signals.punitive.multiple, source: 'text', how: signals.punitive.how, phrases: signals.punitive.phrases };
  }

  let harm: ComplaintFacts['harm'] = null;
  if (claim.harm !== undefined) harm = claim.harm ? { source: 'field', phrases: [] } : null;
  else if (signals.harm) harm = { source: 'text', phrases: signals.harm.phrases };

  let reward: ComplaintFacts['reward'] = null;
  if (claim.reward !== undefined) reward = claim.reward ? { source: 'field', phrases: [] } : null;
  else if (signals.reward) reward = { source: 'text', phrases: signals.reward.phrases };

  return {
    punitive,
    paid: purchase.amount ?? textFen(signals.amounts.paid),
    claimed: claim.amount ?? textFen(signals.amounts.claimed),
    harm,
    labelOrAd: signals.labelOrAd ? { kinds: signals.labelOrAd.kinds, phrases: signals.labelOrAd.phrases } : null,
    substantive: signals.substantive?.phrases ?? null,
    reward,
    threat: signals.threat?.phrases ?? null,
    category: signals.category?.code ?? null,
    quantity: purchase.quantity ?? signals.quantity?.value ?? null,
    ...(purchase.quantity === undefined && signals.quantity ? { quantityPhrases: signals.quantity.phrases } : {}),
    orderIds: purchase.orderIds ?? [],
    productKey: productKey(purchase.product),
  };
}

/**
 * Facts as stored on a complaint: those read with lexicon v1 (what rule set v1 assesses, unchanged
 * since before v2 existed), and under `byLexicon` those read with each later lexicon — `'same'`
 * where they equal the v1 facts, as they do for most texts.
 */
export interface StoredFacts extends ComplaintFacts {
  byLexicon?: Partial<Record<LexiconVersion, ComplaintFacts | 'same'>>;
}

/** Reads a complaint with every shipped lexicon, once, at intake. */
export function deriveStoredFacts(input: FactsInput): StoredFacts {
  const base = deriveFacts(input, readTextSignals(input.text, textFields(input), 'v1'));
  return readWithLaterLexicons(
    input,
    base,
    LEXICON_VERSIONS.filter((v) => v !== 'v1'),
  );
}

/**
 * Adds what later lexicons read to stored facts, leaving the v1 facts exactly as they were stored
 * (assessments made under v1 must reproduce from them).
 */
export function readWithLaterLexicons(input: FactsInput, stored: StoredFacts, versions: LexiconVersion[]): StoredFacts {
  const { byLexicon: before, ...base } = stored;
  const json = JSON.stringify(base);
  const byLexicon: NonNullable<StoredFacts['byLexicon']> = { ...before };
  for (const version of versions) {
    const facts = deriveFacts(input, readTextSignals(input.text, textFields(input), version));
    byLexicon[version] = JSON.stringify(facts) === json ? 'same' : facts;
  }
  return { ...base, byLexicon };
}

/** The shipped lexicon versions a stored complaint has not been read with yet. */
export function unreadLexicons(stored: StoredFacts): LexiconVersion[] {
  return LEXICON_VERSIONS.filter((v) => v !== 'v1' && stored.byLexicon?.[v] === undefined);
}

/** A complaint's facts as read with one lexicon version. */
export function factsFor(stored: unknown, version: LexiconVersion): ComplaintFacts {
  const facts = stored as StoredFacts;
  if (version === 'v1') return facts;
  const read = facts.byLexicon?.[version];
  if (read === undefined)
    throw new Error(`A stored complaint has not been read with lexicon ${version}; start the service once so it reads stored complaints again.`);
  return read === 'same' ? facts : read;
}

/** The fields read from the text for a complaint (so the reader uses explicit amounts first). */
export function textFields(input: FactsInput) {
  return {
    product: input.purchase?.product,
    paid: input.purchase?.amount === undefined ? undefined : input.purchase.amount / 100,
    claimed: input.claim?.amount === undefined ? undefined : input.claim.amount / 100,
  };
}

/** A complaint's facts as read with one lexicon, for display (without the other versions). */
export function factsView(stored: unknown, version: LexiconVersion): ComplaintFacts {
  const read = factsFor(stored, version) as StoredFacts;
  // Facts a later lexicon read differently have no other versions to leave out: no copy (a full
  // rescan reads a million of them).
  if (read.byLexicon === undefined) return read;
  const { byLexicon: _, ...facts } = read;
  return facts;
}
