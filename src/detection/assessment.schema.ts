/** Response schemas of assessments and findings, for the OpenAPI document (see shared/schemas.ts). */
import { Type } from 'typebox';
import { TimeOut } from '../shared/schemas.js';
import { INDICATOR_CLASSES, INDICATOR_CODES } from './rule-set.js';

const Level = Type.Union([Type.Literal('none'), Type.Literal('watch'), Type.Literal('review')]);

export const FindingSchema = Type.Object({
  code: Type.Enum([...INDICATOR_CODES]),
  class: Type.Enum([...INDICATOR_CLASSES], { description: 'extra: what kind of sign it is; review needs profit plus another class' }),
  title: Type.String({ description: 'in Chinese, for reviewers and notices' }),
  basis: Type.String({ description: 'legal basis in force on the dates of the complaints counted' }),
  weight: Type.Number(),
  ruleSetVersion: Type.String({ description: 'extra: the rule set that computed it' }),
  evidence: Type.Object(
    {
      complaintIds: Type.Array(Type.String(), { description: 'newest first; at most 20 in answers and stored assessments' }),
      count: Type.Integer({ description: 'always complete' }),
      complaintIdsTruncated: Type.Optional(Type.Literal(true)),
      window: Type.Optional(Type.Object({ days: Type.Integer(), from: TimeOut, to: TimeOut })),
      threshold: Type.Optional(Type.Number()),
      respondents: Type.Optional(Type.Integer()),
      regions: Type.Optional(Type.Array(Type.String())),
      similarity: Type.Optional(
        Type.Array(Type.Object({ complaintId: Type.String(), otherComplaintId: Type.String(), similarity: Type.Number(), sameComplainant: Type.Boolean() })),
      ),
      phrases: Type.Optional(Type.Array(Type.Object({ phrase: Type.String(), complaints: Type.Integer() }))),
      events: Type.Optional(Type.Array(Type.Object({ eventId: Type.String(), complaintId: Type.String(), type: Type.String(), at: TimeOut }))),
      identifiers: Type.Optional(
        Type.Array(Type.Object({ via: Type.String(), masked: Type.String(), complainantIds: Type.Array(Type.String()), distinctIdNumbers: Type.Integer() })),
      ),
      otherComplainants: Type.Optional(Type.Integer()),
      detail: Type.Optional(Type.Object({}, { additionalProperties: true })),
    },
    { description: 'the exact evidence: complaint ids, counts and windows, similarity scores, matched phrases' },
  ),
});

export const SimilarSchema = Type.Object({
  complaintId: Type.String(),
  externalId: Type.String(),
  similarity: Type.Number({ minimum: 0, maximum: 1 }),
  sameComplainant: Type.Boolean(),
});

/** The assessment in an intake answer. */
export const IntakeAssessmentSchema = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: Level,
  ruleSetVersion: Type.String(),
  asOf: TimeOut,
  findings: Type.Array(FindingSchema),
  similar: Type.Array(SimilarSchema, { description: 'the same complainant’s matches first, then others’; at most 20 each, best first' }),
});

/** A stored assessment as the review routes show it. */
export const StoredAssessmentSchema = Type.Object({
  score: Type.Integer(),
  level: Level,
  ruleSetVersion: Type.String(),
  asOf: TimeOut,
  source: Type.String({ description: 'extra: intake | event | merge | rescan' }),
  findings: Type.Array(FindingSchema),
  counts: Type.Object({ d30: Type.Integer(), d365: Type.Integer() }, { description: 'complaints and reports in the last 30 and 365 days' }),
});

export { Level as LevelSchema };
