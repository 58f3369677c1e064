/** Response schemas of the registry, overrides and audit routes (closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { MEASURES, REGISTRY_STATES } from './state-machine.js';
import { FindingSchema, LevelSchema, PairSchema, SharedIdentifierSchema } from '../detection/assessment.schema.js';
import { RuleSetSchema } from '../detection/rule-set.js';

const EntryState = Type.Enum([...REGISTRY_STATES]);
const Measures = Type.Array(Type.Enum([...MEASURES]));

export const HistoryItemSchema = Closed({
  action: Type.String(),
  actor: Type.String({ description: 'a key name, or system' }),
  at: TimeOut,
  reason: Nullable(Type.String()),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
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
});

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
    role: Type.Optional(Type.String({ description: 'api_key: the key’s role' })),
  },
  { description: 'extra: what the step recorded (deadline, measures, decision, …)' },
);

export const AuditRecordSchema = Closed({
  seq: Type.Integer(),
  entityType: Type.String({ description: 'registry_entry | allowlist | merge | rule_set | rescan | …' }),
  entityId: Type.String(),
  action: Type.String(),
  actor: Type.String(),
  at: TimeOut,
  reason: Type.Optional(Type.String()),
  fromState: Type.Optional(Type.String()),
  toState: Type.Optional(Type.String()),
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
