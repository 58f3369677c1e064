/** The parts a lexicon phrase can play (a price cue, a negation, a label defect…), as bits of one mask per phrase. */

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
export type Tag = (typeof TAGS)[number];
/** A phrase can play several parts (价款 is a price cue and a multiple's context): tags are bits. */
export const BIT = Object.fromEntries(TAGS.map((tag, i) => [tag, 2 ** i])) as Record<Tag, number>;
const bitsOf = (tags: readonly Tag[]) => tags.reduce((mask, tag) => mask | BIT[tag], 0);
export const KEYWORD_BITS = [
  ['10x', BIT.punitive10x],
  ['3x', BIT.punitive3x],
  ['other', BIT.punitiveOther],
] as const;
export const MULTIPLE_BITS = [
  ['10x', BIT.multiple10x],
  ['3x', BIT.multiple3x],
] as const;

export const AMOUNT_ROLES = ['paid', 'total', 'payVerb', 'refund', 'claim', 'neutral'] as const satisfies readonly Tag[];
export const AMOUNT_ROLE_BITS = AMOUNT_ROLES.map((role) => [role, BIT[role]] as const);
export const ANY_AMOUNT_ROLE = bitsOf(AMOUNT_ROLES);
export const INHERITED_ROLES = bitsOf(['paid', 'payVerb', 'refund', 'claim']);
