/** Response schemas of the registry, overrides and audit routes (closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { MEASURES, REGISTRY_STATES } from './state-machine.js';
import { FindingSchema, LevelSchema, PairSchema, SharedIdentifierSchema } from '../detection/assessment.schema.js';
import { RuleSetSchema } from '../detection/rule-set.js';

const EntryState = Type.Enum([...REGISTRY_STATES]);
const Measures = Type.Array(Type.Enum([...MEASURES]));

/** The parameters of a system step's reason code (reasons.ts): what its wording fills in. */
const ReasonParamsSchema = Closed(
  { score: Type.Optional(Type.Number()), ruleSetVersion: Type.Optional(Type.String()) },
  { description: 'extra: the parameters of reasonCode' },
);

export const HistoryItemSchema = Closed({
  action: Type.String(),
  actor: Type.String({ description: 'a key name, or system' }),
  at: TimeOut,
  reason: Nullable(Type.String()),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  reasonCode: Type.Optional(
    Type.String({ description: 'extra: a system step’s reason code (flag.review, expire.term); `reason` is then its Chinese wording' }),
  ),
  reasonParams: Type.Optional(ReasonParamsSchema),
});

const EvidenceBundle = Closed(
  {
    frozenAt: TimeOut,
    frozenBy: Type.String(),
    asOf: TimeOut,
    ruleSetVersion: Type.String(),
    ruleSet: RuleSetSchema,
    score: Type.Integer(),
    level: LevelSchema,
    findings: Type.Array(FindingSchema),
    complaints: Type.Array(
      Closed({
        id: Type.String(),
        externalId: Type.String(),
        kind: Type.String(),
        receivedAt: TimeOut,
        respondent: Type.String(),
        region: Nullable(Type.String()),
        textSha256: Type.String(),
      }),
    ),
    similarityPairs: Type.Array(PairSchema),
    linkedIdentities: Type.Array(SharedIdentifierSchema),
    maxComplaintSeq: Type.Integer({ description: 'the highest storage position among the complaints: later ones are new evidence' }),
  },
  {
    description:
      'frozen at proposal and never recomputed: complaint ids with hashes of their texts, findings, rule-set version and parameters, similarity pairs, linked identities',
  },
);

export const EntrySchema = Closed({
  id: Type.String(),
  complainantId: Type.String(),
  state: EntryState,
  origin: Type.Enum(['automatic', 'manual'], { description: 'extra' }),
  createdAt: TimeOut,
  createdBy: Type.String({ description: 'extra' }),
  updatedAt: TimeOut,
  proposedBy: Type.Optional(Type.String({ description: 'extra' })),
  proposedAt: Type.Optional(TimeOut),
  approvedBy: Type.Optional(Type.String({ description: 'extra' })),
  approvedAt: Type.Optional(TimeOut),
  deadline: Type.Optional(Type.String({ description: 'end of the defence window (while notified), 23:59:59 +08:00 of a working day' })),
  defences: Type.Array(Closed({ at: TimeOut, by: Type.String(), text: Type.String() }), { description: 'extra: defences recorded' }),
  decision: Type.Optional(Type.Enum(['list', 'drop'])),
  decidedBy: Type.Optional(Type.String()),
  decidedAt: Type.Optional(TimeOut),
  decisionReason: Type.Optional(Type.String({ description: 'extra: the decision’s answer to the defence' })),
  listedAt: Type.Optional(TimeOut),
  expiresAt: Type.Optional(TimeOut),
  sunsetReviewDue: Type.Optional(Type.Boolean({ description: 'extra: the listing expires within the sunset-review lead' })),
  measures: Measures,
  evidence: Type.Optional(EvidenceBundle),
  renewals: Type.Optional(
    Type.Array(Closed({ at: TimeOut, by: Type.String(), reason: Type.String(), evidence: Type.Optional(EvidenceBundle) }), { description: 'extra' }),
  ),
  history: Type.Optional(Type.Array(HistoryItemSchema, { description: 'from the audit chain; omitted in lists' })),
  heldBy: Type.Optional(Type.String({ description: 'extra: who claimed the entry or made the manual proposal' })),
  allowedActions: Type.Optional(
    Type.Array(
      Closed({
        action: Type.String(),
        decision: Type.Optional(Type.Enum(['list', 'drop'])),
        available: Type.Boolean(),
        unavailable: Type.Optional(
          Closed(
            {
              code: Type.Enum(['ROLE', 'STATE', 'DEADLINE_NOT_REACHED', 'NOT_SERVED', 'RENEW_NOT_YET', 'EXPIRED', 'NO_EXPIRY', 'FOUR_EYES']),
              params: Closed({
                state: Type.Optional(Type.String()),
                from: Type.Optional(Type.Array(Type.String())),
                role: Type.Optional(Type.String()),
                roles: Type.Optional(Type.Array(Type.String())),
                proposedBy: Type.Optional(Type.String()),
                deadline: Type.Optional(TimeOut),
                expiresAt: Type.Optional(TimeOut),
                opensAt: Type.Optional(TimeOut),
                days: Type.Optional(Type.Integer()),
              }),
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

export const PersonSummarySchema = Closed(
  {
    name: Type.String({ description: 'masked: the family name' }),
    idMasked: Nullable(Type.String()),
    region: Nullable(Type.String({ description: 'district of the address, else the city of the ID number' })),
  },
  { description: 'extra: masked name, masked ID number and region name' },
);

export const EntryListItemSchema = Closed({ ...EntrySchema.properties, person: Type.Optional(PersonSummarySchema) });

/** The identifiers a lookup (and the staff search) takes, in the body. */
export const LookupFields = {
  idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  idType: Type.Optional(Type.Enum(['resident_id', 'passport', 'other'])),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
};

export const LookupResultSchema = Closed({
  listed: Type.Boolean(),
  entries: Type.Array(
    Closed({
      entryId: Type.String(),
      state: Type.Enum(['notified', 'listed']),
      listedAt: Type.Optional(TimeOut),
      expiresAt: Type.Optional(TimeOut),
      measures: Type.Optional(Measures),
      matchedBy: Type.Array(Type.Enum(['idNumber', 'phone', 'accountId']), {
        description: 'the identifiers of the request that matched this entry',
      }),
      viaLink: Type.Optional(Type.Literal(true, { description: 'found only through an identifier shared with another person' })),
    }),
  ),
});

/** One row of the export (JSON; the CSV has the same columns, lists joined by spaces). */
export const ExportSchema = Closed({
  items: Type.Array(
    Closed({
      entryId: Type.String(),
      state: Type.Enum(['notified', 'listed']),
      complainantId: Type.String(),
      name: Type.String({ description: 'masked' }),
      identifiers: Type.Array(Type.String({ description: 'type:masked' })),
      listedAt: Type.String({ description: 'RFC 3339, or empty unless listed' }),
      expiresAt: Type.String({ description: 'RFC 3339, or empty unless listed' }),
      deadline: Type.String({ description: 'end of the defence window, or empty unless notified' }),
      measures: Measures,
      indicators: Type.Array(Type.String(), { description: 'finding codes of the evidence bundle' }),
    }),
  ),
});

export const AllowEntrySchema = Closed({
  id: Type.String(),
  complainantId: Type.String(),
  reason: Type.String(),
  expiresAt: TimeOut,
  createdBy: Type.String(),
  createdAt: TimeOut,
  revokedAt: Type.Optional(TimeOut),
  revokedBy: Type.Optional(Type.String()),
});

/** A time in audit data: RFC 3339, or epoch milliseconds in records written before times were formatted there. */
const RecordedTime = Type.Union([Type.String({ description: 'RFC 3339' }), Type.Integer(), Type.Null()]);

/** What audit records carry beside the step itself; each kind of step sets only its own fields. */
const AuditDataSchema = Closed(
  {
    complainantId: Type.Optional(Type.String()),
    assessmentSeq: Type.Optional(Type.Integer()),
    score: Type.Optional(Type.Number()),
    findings: Type.Optional(Type.Array(Type.String(), { description: 'indicator codes' })),
    decision: Type.Optional(Type.Enum(['list', 'drop'])),
    measures: Type.Optional(Measures),
    defence: Type.Optional(Type.String()),
    answersDefence: Type.Optional(Type.Literal(true)),
    deadline: Type.Optional(RecordedTime),
    expiresAt: Type.Optional(RecordedTime),
    deadlineCoverage: Type.Optional(Type.String()),
    mergeId: Type.Optional(Type.String()),
    otherId: Type.Optional(Type.String()),
    moved: Type.Optional(Type.Array(Type.String())),
    description: Type.Optional(Type.String()),
    ruleSetVersion: Type.Optional(Type.String()),
    asOf: Type.Optional(RecordedTime),
    name: Type.Optional(Type.String({ description: 'api_key: the key’s name' })),
    role: Type.Optional(Type.String({ description: 'api_key and session: the key’s or the session’s role' })),
    reasonCode: Type.Optional(Type.String()),
    reasonParams: Type.Optional(ReasonParamsSchema),
    document: Type.Optional(
      Closed({ id: Type.String(), kind: Type.String(), number: Type.String(), htmlSha256: Type.String() }, { description: 'the document the step issued' }),
    ),
    documentId: Type.Optional(Type.String()),
    entryId: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String({ description: 'a document’s kind' })),
    number: Type.Optional(Type.String({ description: 'a document’s number' })),
    htmlSha256: Type.Optional(Type.String()),
    pdfSha256: Type.Optional(Type.String()),
    method: Type.Optional(Type.String({ description: 'record_service: how the document was served' })),
    servedOn: Type.Optional(Type.String({ description: 'record_service: the day of service' })),
  },
  { description: 'extra: what the step recorded (deadline, measures, decision, …)' },
);

export const AuditRecordSchema = Closed({
  seq: Type.Integer(),
  entityType: Type.String({ description: 'registry_entry | allowlist | merge | rule_set | rescan | …' }),
  entityId: Type.String(),
  action: Type.String(),
  actor: Type.String(),
  actorIdentity: Type.Optional(
    Closed(
      { issuer: Type.String(), subject: Type.String(), name: Type.Optional(Type.String()), username: Type.Optional(Type.String()) },
      { description: 'who the identity provider says the actor is, on records written in a signed-in session' },
    ),
  ),
  at: TimeOut,
  reason: Type.Optional(Type.String()),
  fromState: Type.Optional(Type.String()),
  toState: Type.Optional(Type.String()),
  reasonCode: Type.Optional(Type.String({ description: 'extra: a system step’s reason code; `reason` is then its Chinese wording' })),
  reasonParams: Type.Optional(ReasonParamsSchema),
  data: Type.Optional(AuditDataSchema),
  hash: Type.String({ description: 'SHA-256 over the record and prevHash' }),
  prevHash: Type.String(),
});

export const MergeResultSchema = Closed({
  mergeId: Type.String(),
  complainantId: Type.String({ description: 'the record kept' }),
  otherId: Type.String(),
  movedIds: Type.Optional(Type.Array(Type.String())),
  at: Type.Optional(TimeOut),
  undoneAt: Type.Optional(TimeOut),
});
