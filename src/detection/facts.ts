/**
 * What detection needs to know about one complaint, derived once at intake. An explicit field
 * wins over the text; the text only fills fields the intake left out (domain.md, "Inputs").
 */
import type { ComplaintInput } from '../intake/complaint.validation.js';
import type { TextSignals, PunitiveHow } from './text-signals.js';
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
  orderIds: string[];
  /** The product as a grouping key (split orders are "the same product"). */
  productKey: string | null;
}

export function productKey(product: string | undefined): string | null {
  if (!product) return null;
  const key = toSimplified(product.normalize('NFKC')).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  return key || null;
}

export function deriveFacts(input: ComplaintInput, signals: TextSignals): ComplaintFacts {
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
    quantity: purchase.quantity ?? null,
    orderIds: purchase.orderIds ?? [],
    productKey: productKey(purchase.product),
  };
}

/** The fields read from the text for a complaint (so the reader uses explicit amounts first). */
export function textFields(input: ComplaintInput) {
  return {
    product: input.purchase?.product,
    paid: input.purchase?.amount === undefined ? undefined : input.purchase.amount / 100,
    claimed: input.claim?.amount === undefined ? undefined : input.claim.amount / 100,
  };
}
