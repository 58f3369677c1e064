/** Response schemas of assessments and findings (closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { INDICATOR_CLASSES, INDICATOR_CODES } from './rule-set.js';
import { COMPLAINT_KINDS, PUNITIVE_MULTIPLES } from '../intake/vocabulary.js';
import { PUNITIVE_HOW } from './text-signals/types.js';

const Level = Type.Enum(['none', 'watch', 'review']);

/** An identifier this complainant shares with other records (SHARED_IDENTITY, evidence bundles). */
export const SharedIdentifierSchema = Closed({
  via: Type.String(),
  masked: Type.String(),
  complainantIds: Type.Array(Type.String()),
  distinctIdNumbers: Type.Integer(),
});
const Window = Closed({ days: Type.Integer(), from: TimeOut, to: TimeOut });
const Pair = Closed({ complaintId: Type.String(), otherComplaintId: Type.String(), similarity: Type.Number(), sameComplainant: Type.Boolean() });
/**
 * Counts keyed by a closed set of names (punitive multiples, complaint kinds): only the names
 * present, in the order they were first met (a map, so the serialiser keeps that order).
 */
const CountsOf = (names: readonly string[]) => Type.Record(Type.String({ pattern: `^(${names.join('|')})$` }), Type.Integer(), { additionalProperties: false });

/** What some indicators add to their evidence; each sets only its own fields (see detection/indicators.ts). */
export const EvidenceDetailSchema = Closed(
  {
    trigger: Type.Optional(Type.Enum(['many_respondents', 'same_day'], { description: 'BURST: what set it off' })),
    day: Type.Optional(Type.String({ format: 'date', description: 'BURST: the busiest day (+08:00)' })),
    multiples: Type.Optional({ ...CountsOf(PUNITIVE_MULTIPLES), description: 'PUNITIVE_DEMAND: complaints per multiple demanded' }),
    fromFields: Type.Optional(Type.Integer({ description: 'PUNITIVE_DEMAND: how many of them said so in a field rather than the text' })),
    amounts: Type.Optional(
      Type.Array(
        Closed({
          complaintId: Type.String(),
          paid: Type.Number(),
          claimed: Nullable(Type.Number()),
          impliedByStatutoryFloor: Type.Boolean(),
        }),
        { description: 'TINY_PURCHASE_BIG_CLAIM: CNY paid and claimed per complaint' },
      ),
    ),
    reasons: Type.Optional(
      Type.Array(
        Closed({
          complaintId: Type.String(),
          reason: Type.Enum(['quantity', 'split_orders', 'total_quantity']),
          quantity: Nullable(Type.Number()),
          quantityFrom: Type.Optional(Type.Array(Type.String())),
          category: Nullable(Type.String()),
          limit: Type.Number(),
          orders: Type.Integer(),
        }),
        { description: 'BULK_OR_SPLIT: why each complaint counts' },
      ),
    ),
    kinds: Type.Optional({ ...CountsOf(COMPLAINT_KINDS), description: 'PROCEEDINGS: complaints per kind' }),
  },
  { description: 'indicator-specific detail' },
);

export const EvidenceSchema = Closed(
  {
    complaintIds: Type.Array(Type.String(), { description: 'newest first; at most 20 in answers and stored assessments' }),
    complaintIdsTruncated: Type.Optional(Type.Literal(true)),
    window: Type.Optional(Window),
    threshold: Type.Optional(Type.Number()),
    respondents: Type.Optional(Type.Integer()),
    regions: Type.Optional(Type.Array(Type.String())),
    similarity: Type.Optional(Type.Array(Pair)),
    phrases: Type.Optional(Type.Array(Closed({ phrase: Type.String(), complaints: Type.Integer() }))),
    events: Type.Optional(Type.Array(Closed({ eventId: Type.String(), complaintId: Type.String(), type: Type.String(), at: TimeOut }))),
    identifiers: Type.Optional(Type.Array(SharedIdentifierSchema)),
    otherComplainants: Type.Optional(Type.Integer()),
    detail: Type.Optional(EvidenceDetailSchema),
    // Last, where detection writes it (the serialiser writes properties in this order).
    count: Type.Integer({ description: 'always complete' }),
  },
  { description: 'the exact evidence: complaint ids, counts and windows, similarity scores, matched phrases' },
);

export const FindingSchema = Closed({
  code: Type.Enum([...INDICATOR_CODES]),
  class: Type.Enum([...INDICATOR_CLASSES], { description: 'extra: what kind of sign it is; review needs profit plus another class' }),
  title: Type.String({ description: 'in Chinese, for reviewers and notices' }),
  basis: Type.String({ description: 'legal basis in force on the dates of the complaints counted' }),
  weight: Type.Number(),
  ruleSetVersion: Type.String({ description: 'extra: the rule set that computed it' }),
  evidence: EvidenceSchema,
});

export const SimilarSchema = Closed({
  complaintId: Type.String(),
  externalId: Type.String(),
  similarity: Type.Number({ minimum: 0, maximum: 1 }),
  sameComplainant: Type.Boolean(),
});

/** The assessment in an intake answer. */
export const IntakeAssessmentSchema = Closed({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: Level,
  ruleSetVersion: Type.String(),
  asOf: TimeOut,
  findings: Type.Array(FindingSchema),
  similar: Type.Array(SimilarSchema, { description: 'the same complainant’s matches first, then others’; at most 20 each, best first' }),
});

/** A stored assessment as the review routes show it. */
export const StoredAssessmentSchema = Closed({
  score: Type.Integer(),
  level: Level,
  ruleSetVersion: Type.String(),
  asOf: TimeOut,
  source: Type.String({ description: 'extra: intake | event | merge | rescan' }),
  findings: Type.Array(FindingSchema),
  counts: Closed({ d30: Type.Integer(), d365: Type.Integer() }, { description: 'complaints and reports in the last 30 and 365 days' }),
});

export { Level as LevelSchema, Pair as PairSchema };

const Source = Type.Enum(['field', 'text'], { description: 'an intake field, or read from the text' });
const Phrases = Type.Array(Type.String(), { description: 'the words it was read from' });

/** What detection derived from one complaint (detection/facts.ts ComplaintFacts), as read with the active rule set's lexicon. */
export const ComplaintFactsSchema = Closed(
  {
    punitive: Nullable(
      Closed({ multiple: Type.Enum([...PUNITIVE_MULTIPLES]), source: Source, how: Type.Optional(Type.Enum([...PUNITIVE_HOW])), phrases: Phrases }),
    ),
    paid: Nullable(Type.Integer({ description: 'fen' })),
    claimed: Nullable(Type.Integer({ description: 'fen' })),
    harm: Nullable(Closed({ source: Source, phrases: Phrases })),
    labelOrAd: Nullable(Closed({ kinds: Type.Array(Type.Enum(['label', 'advertising'])), phrases: Phrases })),
    substantive: Nullable(Phrases),
    reward: Nullable(Closed({ source: Source, phrases: Phrases })),
    threat: Nullable(Phrases),
    category: Nullable(Type.String()),
    quantity: Nullable(Type.Number()),
    quantityPhrases: Type.Optional(Phrases),
    orderIds: Type.Array(Type.String()),
    productKey: Nullable(Type.String({ description: 'the product as a grouping key' })),
  },
  { description: 'what detection derived from the complaint' },
);
