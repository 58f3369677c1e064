/**
 * Rule sets are versioned data: thresholds, weights, level cut-offs and legal citations. A stored
 * version never changes; assessments name the version they were made under.
 */
import { Type, type Static, type TProperties } from 'typebox';
import { createAjv, ajvDetails } from '../shared/validation.js';
import type { ErrorDetail } from '../shared/errors.js';
import v1 from './rule-sets/v1.json' with { type: 'json' };
import v2 from './rule-sets/v2.json' with { type: 'json' };
import { LEXICON_VERSIONS, type LexiconVersion } from './lexicon.js';

export const INDICATOR_CODES = [
  'VOLUME_YEAR',
  'BURST',
  'MULTI_REGION',
  'TEMPLATE_SELF',
  'TEMPLATE_RING',
  'PUNITIVE_DEMAND',
  'TINY_PURCHASE_BIG_CLAIM',
  'LABEL_OR_AD_ONLY',
  'BULK_OR_SPLIT',
  'BUY_THEN_COMPLAIN',
  'REPEAT_AFTER_PAYOUT',
  'WITHDRAW_AFTER_SETTLEMENT',
  'REWARD_SEEKING',
  'THREAT',
  'SHARED_IDENTITY',
  'PROCEEDINGS',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];
export const INDICATOR_CLASSES = ['volume', 'text', 'profit', 'pattern', 'conduct', 'identity', 'context'] as const;
export type IndicatorClass = (typeof INDICATOR_CLASSES)[number];

const Days = Type.Integer({ minimum: 1, maximum: 3650 });
const Count = Type.Integer({ minimum: 1, maximum: 100_000 });
const Weight = Type.Number({ minimum: 0, maximum: 100 });
const closed = { additionalProperties: false } as const;

/** Common to every indicator: how much it weighs and what it is called in notices. */
const Base = {
  enabled: Type.Boolean(),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  class: Type.Enum([...INDICATOR_CLASSES]),
  /** Score for the first qualifying complaint or the trigger itself. */
  weight: Weight,
  /** Added for each further qualifying complaint, up to `maxWeight`. */
  perExtra: Type.Number({ minimum: 0, maximum: 100 }),
  maxWeight: Weight,
  /** Citation ids (see `citations`) this indicator's findings rest on. */
  basis: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
};

const Indicator = <P extends TProperties>(params: P) => Type.Object({ ...Base, ...params }, closed);

export const RuleSetSchema = Type.Object(
  {
    version: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    description: Type.String({ maxLength: 2000 }),
    /**
     * The shipped lexicon version texts are read with (src/detection/lexicons; v1 when absent). Every
     * complaint is read with each shipped version at intake, so any rule set can be run on any data.
     */
    lexicon: Type.Optional(Type.Enum([...LEXICON_VERSIONS])),
    /** Near-duplicate threshold on character 3-gram Jaccard of normalised texts. */
    templateThreshold: Type.Number({ minimum: 0.3, maximum: 1 }),
    /** How far back a complainant's history is read; no indicator looks further. */
    lookbackDays: Days,
    levels: Type.Object(
      {
        watch: Weight,
        /** A score review also needs (rule set v1 only). Left out, the level follows the rule alone. */
        review: Type.Optional(Weight),
      },
      closed,
    ),
    /**
     * How evidence adds up. Left out (v1): each finding weighs `weight + perExtra × (n − 1)` up to
     * `maxWeight`, and the score is their sum up to 100. Given: see `findingWeight` and `scoreOf`.
     */
    scoring: Type.Optional(
      Type.Object(
        {
          /** Further qualifying complaints that bring a finding half way from its weight to its maxWeight. */
          evidenceScale: Type.Number({ minimum: 0.5, maximum: 1000 }),
          /** Sum of weights that brings the score ~63 % of the way to 100. */
          scoreScale: Type.Number({ minimum: 1, maximum: 10_000 }),
        },
        closed,
      ),
    ),
    review: Type.Object(
      {
        /** Profit findings must cover at least this many distinct complaints … */
        profitComplaints: Count,
        /** … received within this many days … */
        windowDays: Days,
        /** … together with a finding of at least one of these classes. */
        otherClasses: Type.Array(Type.Enum([...INDICATOR_CLASSES]), { minItems: 1 }),
      },
      closed,
    ),
    indicators: Type.Object(
      {
        VOLUME_YEAR: Indicator({ windowDays: Days, watch: Count, strong: Count, strongWeight: Weight }),
        BURST: Indicator({ windowDays: Days, minComplaints: Count, minRespondents: Count, sameDay: Count }),
        MULTI_REGION: Indicator({ windowDays: Days, minRegions: Count }),
        TEMPLATE_SELF: Indicator({ minDuplicates: Count }),
        TEMPLATE_RING: Indicator({ windowDays: Days, minOthers: Count }),
        PUNITIVE_DEMAND: Indicator({ windowDays: Days }),
        TINY_PURCHASE_BIG_CLAIM: Indicator({ windowDays: Days, maxPaid: Type.Number({ minimum: 0 }), minRatio: Type.Number({ minimum: 1 }) }),
        LABEL_OR_AD_ONLY: Indicator({ windowDays: Days }),
        BULK_OR_SPLIT: Indicator({
          windowDays: Days,
          defaultQuantityLimit: Type.Number({ minimum: 1 }),
          quantityLimits: Type.Record(Type.String(), Type.Number({ minimum: 1 })),
          splitOrders: Count,
          splitWindowDays: Days,
        }),
        BUY_THEN_COMPLAIN: Indicator({ windowDays: Days, hours: Type.Number({ minimum: 1, maximum: 24 * 365 }), weak: Type.Boolean() }),
        REPEAT_AFTER_PAYOUT: Indicator({ windowDays: Days }),
        WITHDRAW_AFTER_SETTLEMENT: Indicator({ windowDays: Days, minCount: Count }),
        REWARD_SEEKING: Indicator({ windowDays: Days, minCount: Count }),
        THREAT: Indicator({ windowDays: Days }),
        SHARED_IDENTITY: Indicator({ minDistinctIds: Count }),
        PROCEEDINGS: Indicator({ windowDays: Days, minCount: Count }),
      },
      closed,
    ),
    /** Legal citations, each in force over a date range (Asia/Shanghai dates, inclusive). */
    /** Cited for a complaint dated when none of an indicator's own citations was in force. */
    fallbackBasis: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
    citations: Type.Record(
      Type.String({ minLength: 1, maxLength: 64 }),
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 500 }),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        },
        closed,
      ),
    ),
  },
  closed,
);

export type RuleSet = Static<typeof RuleSetSchema>;

export const lexiconOf = (rs: RuleSet): LexiconVersion => rs.lexicon ?? 'v1';
export type IndicatorRules = RuleSet['indicators'];

const check = createAjv({ removeAdditional: false }).compile(RuleSetSchema);

/** Validates a rule set; cross-field rules (cut-offs in order, known citations) included. */
export function validateRuleSet(value: unknown): { ok: true; ruleSet: RuleSet } | { ok: false; details: ErrorDetail[] } {
  if (!check(value)) return { ok: false, details: ajvDetails(check.errors) };
  const rs = value as RuleSet;
  const details: ErrorDetail[] = [];
  if (rs.levels.review !== undefined && rs.levels.watch > rs.levels.review) details.push({ path: '/levels', message: 'watch must not be above review' });
  rs.fallbackBasis.forEach((id, i) => {
    if (!Object.hasOwn(rs.citations, id)) details.push({ path: `/fallbackBasis/${i}`, message: `names unknown citation "${id}"` });
  });
  for (const code of INDICATOR_CODES) {
    const ind = rs.indicators[code];
    if (ind.maxWeight < ind.weight) details.push({ path: `/indicators/${code}/maxWeight`, message: 'must be at least weight' });
    ind.basis.forEach((id, i) => {
      // Own properties only: `toString` or `constructor` name no citation.
      if (!Object.hasOwn(rs.citations, id)) details.push({ path: `/indicators/${code}/basis/${i}`, message: `names unknown citation "${id}"` });
    });
  }
  return details.length ? { ok: false, details } : { ok: true, ruleSet: rs };
}

function shipped(body: unknown): RuleSet {
  const v = validateRuleSet(structuredClone(body));
  if (!v.ok) throw new Error(`A shipped rule set is invalid: ${JSON.stringify(v.details)}`);
  return v.ruleSet;
}

/**
 * Every rule set shipped with the code, oldest first. Each is stored on every database (never
 * overwriting a stored version), so an installation can backtest or dry-run any of them.
 */
export const SHIPPED_RULE_SETS: readonly RuleSet[] = [shipped(v1), shipped(v2)];
/** The first shipped rule set; stored assessments made under it must stay reproducible. */
export const RULE_SET_V1: RuleSet = SHIPPED_RULE_SETS[0];
/** The rule set activated on a fresh database. An existing one moves to it by a dry run and an activation. */
export const DEFAULT_RULE_SET: RuleSet = SHIPPED_RULE_SETS[SHIPPED_RULE_SETS.length - 1];
