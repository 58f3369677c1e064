/** Response schemas of the registry, overrides and audit routes, for the OpenAPI document (see shared/schemas.ts). */
import { Type } from 'typebox';
import { Nullable, TimeOut } from '../shared/schemas.js';
import { MEASURES, REGISTRY_STATES } from './state-machine.js';

const EntryState = Type.Enum([...REGISTRY_STATES]);
const Measures = Type.Array(Type.Enum([...MEASURES]));

export const HistoryItemSchema = Type.Object({
  action: Type.String(),
  actor: Type.String({ description: 'a key name, or system' }),
  at: TimeOut,
  reason: Nullable(Type.String()),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  reasonCode: Type.Optional(
    Type.String({ description: 'extra: a system step’s reason code (flag.review, expire.term); `reason` is then its Chinese wording' }),
  ),
  reasonParams: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'extra: the parameters of reasonCode' })),
});

const EvidenceBundle = Type.Object(
  {
    ruleSetVersion: Type.String(),
    complaints: Type.Array(Type.Object({ id: Type.String(), textSha256: Type.String() }, { additionalProperties: true })),
    findings: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  {
    additionalProperties: true,
    description:
      'frozen at proposal and never recomputed: complaint ids with hashes of their texts, findings, rule-set version and parameters, similarity pairs, linked identities',
  },
);

export const EntrySchema = Type.Object({
  id: Type.String(),
  complainantId: Type.String(),
  state: EntryState,
  origin: Type.Union([Type.Literal('automatic'), Type.Literal('manual')], { description: 'extra' }),
  createdAt: TimeOut,
  createdBy: Type.String({ description: 'extra' }),
  updatedAt: TimeOut,
  proposedBy: Type.Optional(Type.String({ description: 'extra' })),
  proposedAt: Type.Optional(TimeOut),
  approvedBy: Type.Optional(Type.String({ description: 'extra' })),
  approvedAt: Type.Optional(TimeOut),
  deadline: Type.Optional(Type.String({ description: 'end of the defence window (while notified), 23:59:59 +08:00 of a working day' })),
  defences: Type.Array(Type.Object({ at: TimeOut, by: Type.String(), text: Type.String() }), { description: 'extra: defences recorded' }),
  decision: Type.Optional(Type.Union([Type.Literal('list'), Type.Literal('drop')])),
  decidedBy: Type.Optional(Type.String()),
  decidedAt: Type.Optional(TimeOut),
  decisionReason: Type.Optional(Type.String({ description: 'extra: the decision’s answer to the defence' })),
  listedAt: Type.Optional(TimeOut),
  expiresAt: Type.Optional(TimeOut),
  sunsetReviewDue: Type.Optional(Type.Boolean({ description: 'extra: the listing expires within the sunset-review lead' })),
  measures: Measures,
  evidence: Type.Optional(EvidenceBundle),
  renewals: Type.Optional(
    Type.Array(Type.Object({ at: TimeOut, by: Type.String(), reason: Type.String(), evidence: Type.Optional(EvidenceBundle) }), { description: 'extra' }),
  ),
  history: Type.Optional(Type.Array(HistoryItemSchema, { description: 'from the audit chain; omitted in lists' })),
  heldBy: Type.Optional(Type.String({ description: 'extra: who claimed the entry or made the manual proposal' })),
  allowedActions: Type.Optional(
    Type.Array(
      Type.Object({
        action: Type.String(),
        decision: Type.Optional(Type.Union([Type.Literal('list'), Type.Literal('drop')])),
        available: Type.Boolean(),
        unavailable: Type.Optional(
          Type.Object(
            {
              code: Type.Enum(['ROLE', 'STATE', 'DEADLINE_NOT_REACHED', 'RENEW_NOT_YET', 'EXPIRED', 'NO_EXPIRY', 'FOUR_EYES']),
              params: Type.Object({}, { additionalProperties: true }),
            },
            { description: 'why not: a code and its parameters (times in +08:00)' },
          ),
        ),
      }),
      {
        description:
          'extra, on single entries and action answers: every action for the caller now, from the state machine (a renewal’s new evidence and a decision’s measures are checked on submission)',
      },
    ),
  ),
});

export const PersonSummarySchema = Type.Object(
  {
    name: Type.String({ description: 'masked: the family name' }),
    idMasked: Nullable(Type.String()),
    region: Nullable(Type.String({ description: 'district of the address, else the city of the ID number' })),
  },
  { description: 'extra: masked name, masked ID number and region name' },
);

export const EntryListItemSchema = Type.Object({ ...EntrySchema.properties, person: Type.Optional(PersonSummarySchema) });

/** The identifiers a lookup (and the staff search) takes, in the body. */
export const LookupFields = {
  idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  idType: Type.Optional(Type.Enum(['resident_id', 'passport', 'other'])),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
};

export const LookupResultSchema = Type.Object({
  listed: Type.Boolean(),
  entries: Type.Array(
    Type.Object({
      entryId: Type.String(),
      state: Type.Union([Type.Literal('notified'), Type.Literal('listed')]),
      listedAt: Type.Optional(TimeOut),
      expiresAt: Type.Optional(TimeOut),
      measures: Type.Optional(Measures),
      matchedBy: Type.Array(Type.Union([Type.Literal('idNumber'), Type.Literal('phone'), Type.Literal('accountId')]), {
        description: 'the identifiers of the request that matched this entry',
      }),
      viaLink: Type.Optional(Type.Literal(true, { description: 'found only through an identifier shared with another person' })),
    }),
  ),
});

export const AllowEntrySchema = Type.Object({
  id: Type.String(),
  complainantId: Type.String(),
  reason: Type.String(),
  expiresAt: TimeOut,
  createdBy: Type.String(),
  createdAt: TimeOut,
  revokedAt: Type.Optional(TimeOut),
  revokedBy: Type.Optional(Type.String()),
});

export const AuditRecordSchema = Type.Object({
  seq: Type.Integer(),
  entityType: Type.String({ description: 'registry_entry | allowlist | merge | rule_set | rescan | …' }),
  entityId: Type.String(),
  action: Type.String(),
  actor: Type.String(),
  actorIdentity: Type.Optional(
    Type.Object(
      { issuer: Type.String(), subject: Type.String(), name: Type.Optional(Type.String()), username: Type.Optional(Type.String()) },
      { description: 'who the identity provider says the actor is, on records written in a signed-in session' },
    ),
  ),
  at: TimeOut,
  reason: Type.Optional(Type.String()),
  fromState: Type.Optional(Type.String()),
  toState: Type.Optional(Type.String()),
  reasonCode: Type.Optional(Type.String({ description: 'extra: a system step’s reason code; `reason` is then its Chinese wording' })),
  reasonParams: Type.Optional(Type.Object({}, { additionalProperties: true })),
  data: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'extra: what the step recorded (deadline, measures, decision, …)' })),
  hash: Type.String({ description: 'SHA-256 over the record and prevHash' }),
  prevHash: Type.String(),
});

export const MergeResultSchema = Type.Object({
  mergeId: Type.String(),
  complainantId: Type.String({ description: 'the record kept' }),
  otherId: Type.String(),
  movedIds: Type.Optional(Type.Array(Type.String())),
  at: Type.Optional(TimeOut),
  undoneAt: Type.Optional(TimeOut),
});
