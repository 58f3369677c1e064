/** Response schemas of the complainant routes, for the OpenAPI document (see shared/schemas.ts). */
import { Type } from 'typebox';
import { Nullable, TimeOut } from '../shared/schemas.js';
import { FindingSchema, LevelSchema, StoredAssessmentSchema } from '../detection/assessment.schema.js';
import { EntrySchema, PersonSummarySchema } from '../registry/registry.schema.js';

const Counts = Type.Object({ d30: Type.Integer(), d365: Type.Integer() }, { description: 'complaints and reports in the last 30 and 365 days' });
const Identifier = Type.Object({ type: Type.String({ description: 'id | phone | account | address' }), masked: Type.String() });

export const QueueItemSchema = Type.Object({
  id: Type.String(),
  score: Type.Integer(),
  level: LevelSchema,
  registryState: Type.String(),
  counts: Counts,
  asOf: Type.Optional(TimeOut),
  ruleSetVersion: Type.Optional(Type.String({ description: 'extra' })),
  findings: Type.Array(Type.String(), { description: 'extra: the indicator codes of the stored assessment' }),
  profitComplaints: Type.Optional(Type.Integer({ description: 'extra: complaints the profit findings rest on (the work order’s tie-breaker)' })),
  person: Type.Optional(PersonSummarySchema),
});

export const SearchResultSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      person: PersonSummarySchema,
      score: Type.Integer(),
      level: LevelSchema,
      registryState: Type.String(),
      matchedBy: Type.Array(Type.Enum(['idNumber', 'phone', 'accountId', 'externalId', 'name'])),
    }),
    { description: 'people (merged records counted under the one they were merged into), at most 50, in id order' },
  ),
  truncated: Type.Boolean(),
});

const ComplaintSchema = Type.Object(
  {
    id: Type.String(),
    externalId: Type.String(),
    kind: Type.String(),
    receivedAt: TimeOut,
    respondent: Type.Object({ name: Type.String(), creditCode: Type.Optional(Type.String()), region: Type.Optional(Type.String()) }),
    purchase: Type.Object({}, { additionalProperties: true }),
    claim: Type.Object({}, { additionalProperties: true }),
    text: Type.String({ description: 'verbatim; escape it where it is rendered' }),
    facts: Type.Object({}, { additionalProperties: true, description: 'what detection derived from the complaint' }),
    events: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), at: TimeOut }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const ProfileSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  createdAt: TimeOut,
  mergedInto: Type.Optional(Type.String({ description: 'extra: set on a record merged into another' })),
  mergedRecords: Type.Optional(Type.Array(Type.String(), { description: 'extra' })),
  identifiers: Type.Array(Identifier, { description: 'masked only' }),
  links: Type.Array(Type.Object({ complainantId: Type.String(), via: Type.String(), masked: Type.String({ description: 'extra' }), since: TimeOut })),
  registryState: Type.String(),
  counts: Counts,
  assessment: Nullable(StoredAssessmentSchema),
  complaints: Type.Array(ComplaintSchema, { description: 'newest first; the newest 500' }),
  complaintsTotal: Type.Integer({ description: 'extra' }),
  entries: Type.Array(EntrySchema),
  allowlist: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'extra' }),
});

export const OwnFileSchema = Type.Object({
  complainant: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()), identifiers: Type.Array(Identifier) }),
  complaints: Type.Array(ComplaintSchema),
  assessment: Nullable(StoredAssessmentSchema),
  entries: Type.Array(
    Type.Object({
      ...EntrySchema.properties,
      findings: Type.Optional(Type.Array(FindingSchema)),
      notice: Type.Optional(Type.String({ description: 'the notice as sent (HTML)' })),
    }),
  ),
});

export const ComplaintDetailSchema = Type.Object({
  ...ComplaintSchema.properties,
  complainantId: Type.String(),
  similar: Type.Array(Type.Object({ complaintId: Type.String(), similarity: Type.Number() })),
});
