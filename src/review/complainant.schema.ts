/** Response schemas of the complainant routes (closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { ComplaintFactsSchema, FindingSchema, LevelSchema, StoredAssessmentSchema } from '../detection/assessment.schema.js';
import { EntrySchema, PersonSummarySchema } from '../registry/registry.schema.js';
import { EventResultSchema } from '../intake/complaint.schema.js';
import { COMPLAINT_KINDS, PUNITIVE } from '../intake/vocabulary.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';

const Counts = Closed({ d30: Type.Integer(), d365: Type.Integer() }, { description: 'complaints and reports in the last 30 and 365 days' });
const Identifier = Closed({ type: Type.String({ description: 'id | phone | account | address' }), masked: Type.String() });
const RegistryState = Type.Enum(['none', ...REGISTRY_STATES]);

export const QueueItemSchema = Closed({
  id: Type.String(),
  score: Type.Integer(),
  level: LevelSchema,
  registryState: RegistryState,
  counts: Counts,
  asOf: Type.Optional(TimeOut),
  ruleSetVersion: Type.Optional(Type.String({ description: 'extra' })),
  findings: Type.Array(Type.String(), { description: 'extra: the indicator codes of the stored assessment' }),
  profitComplaints: Type.Optional(Type.Integer({ description: 'extra: complaints the profit findings rest on (the work order’s tie-breaker)' })),
  person: Type.Optional(PersonSummarySchema),
});

export const SearchResultSchema = Closed({
  items: Type.Array(
    Closed({
      id: Type.String(),
      person: PersonSummarySchema,
      score: Type.Integer(),
      level: LevelSchema,
      registryState: RegistryState,
      matchedBy: Type.Array(Type.Enum(['idNumber', 'phone', 'accountId', 'externalId', 'name'])),
    }),
    { description: 'people (merged records counted under the one they were merged into), at most 50, in id order' },
  ),
  truncated: Type.Boolean(),
});

/** A complaint as the person's own file shows it. */
const ComplaintSchema = Closed({
  id: Type.String(),
  externalId: Type.String(),
  kind: Type.Enum([...COMPLAINT_KINDS]),
  receivedAt: TimeOut,
  respondent: Closed({ name: Type.String(), creditCode: Type.Optional(Type.String()), region: Type.Optional(Type.String()) }),
  purchase: Closed({
    at: Type.Optional(TimeOut),
    amount: Type.Optional(Type.Number({ description: 'CNY' })),
    quantity: Type.Optional(Type.Number()),
    product: Type.Optional(Type.String()),
    orderIds: Type.Optional(Type.Array(Type.String())),
  }),
  claim: Closed({ amount: Type.Optional(Type.Number({ description: 'CNY' })), punitive: Type.Optional(Type.Enum([...PUNITIVE])) }),
  text: Type.String({ description: 'verbatim; escape it where it is rendered' }),
  facts: ComplaintFactsSchema,
  events: Type.Array(EventResultSchema),
});

/** A complaint as reviewers see it: also the record it was filed under (another than the person's after a merge). */
const ReviewedComplaintSchema = Closed({ ...ComplaintSchema.properties, complainantRecordId: Type.String({ description: 'extra' }) });

export const ProfileSchema = Closed({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  createdAt: TimeOut,
  mergedInto: Type.Optional(Type.String({ description: 'extra: set on a record merged into another' })),
  mergedRecords: Type.Optional(Type.Array(Type.String(), { description: 'extra' })),
  identifiers: Type.Array(Identifier, { description: 'masked only' }),
  links: Type.Array(Closed({ complainantId: Type.String(), via: Type.String(), masked: Type.String({ description: 'extra' }), since: TimeOut })),
  registryState: RegistryState,
  counts: Counts,
  assessment: Nullable(StoredAssessmentSchema),
  complaints: Type.Array(ReviewedComplaintSchema, { description: 'newest first; the newest 500' }),
  complaintsTotal: Type.Integer({ description: 'extra' }),
  entries: Type.Array(EntrySchema),
  allowlist: Type.Array(
    Closed({ id: Type.String(), reason: Type.String(), expiresAt: TimeOut, createdBy: Type.String(), createdAt: TimeOut, revokedAt: Type.Optional(TimeOut) }),
    { description: 'extra' },
  ),
});

export const OwnFileSchema = Closed({
  complainant: Closed({ id: Type.String(), name: Type.Optional(Type.String()), identifiers: Type.Array(Identifier) }),
  complaints: Type.Array(ComplaintSchema),
  assessment: Nullable(StoredAssessmentSchema),
  entries: Type.Array(
    Closed({
      ...EntrySchema.properties,
      findings: Type.Optional(Type.Array(FindingSchema)),
      notice: Type.Optional(Type.String({ description: 'the notice as sent (HTML)' })),
    }),
  ),
});

export const ComplaintDetailSchema = Closed({
  ...ReviewedComplaintSchema.properties,
  complainantId: Type.String(),
  similar: Type.Array(Closed({ complaintId: Type.String(), similarity: Type.Number() })),
});
