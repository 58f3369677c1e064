/**
 * Request schemas of the intake routes (TypeBox → JSON Schema). They drive validation and the
 * OpenAPI document. Checks JSON Schema cannot express (check digits, offsets on times, money
 * rounding, "at least one identifier") live in complaint.validation.ts.
 */
import { Type, type Static } from 'typebox';
import { Closed, ErrorObject, Nullable, TimeOut } from '../shared/schemas.js';
import { IntakeAssessmentSchema } from '../detection/assessment.schema.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';
import { COMPLAINT_KINDS, EVENT_TYPES, ID_TYPES, PUNITIVE } from './vocabulary.js';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Time = Type.String({
  description: 'RFC 3339 date-time with an offset (Z or ±hh:mm)',
  maxLength: 64,
  examples: ['2026-03-01T10:00:00+08:00'],
});
const Money = Type.Number({ minimum: 0, maximum: 1e12, description: 'CNY; rounded half-up to 0.01' });

export { COMPLAINT_KINDS, ID_TYPES, PUNITIVE, EVENT_TYPES, type ComplaintKind, type IdType, type Punitive, type EventType } from './vocabulary.js';

const closed = { additionalProperties: false } as const;

export const ComplaintBody = Type.Object(
  {
    externalId: Str(128, 1),
    kind: Type.Optional(Type.Enum([...COMPLAINT_KINDS], { default: 'complaint' })),
    receivedAt: Time,
    channel: Type.Optional(Str(128)),
    complainant: Type.Object(
      {
        name: Type.Optional(Str(100)),
        idType: Type.Optional(Type.Enum([...ID_TYPES], { default: 'resident_id' })),
        idNumber: Type.Optional(Str(64, 1)),
        phone: Type.Optional(Str(32, 1)),
        address: Type.Optional(Str(300)),
        accountId: Type.Optional(Str(128, 1)),
      },
      closed,
    ),
    respondent: Type.Object(
      {
        name: Str(200, 1),
        creditCode: Type.Optional(Str(18)),
        region: Type.Optional(Str(128)),
        platform: Type.Optional(Str(128)),
        shopId: Type.Optional(Str(128)),
      },
      closed,
    ),
    purchase: Type.Optional(
      Type.Object(
        {
          at: Type.Optional(Time),
          amount: Type.Optional(Money),
          quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })),
          product: Type.Optional(Str(128)),
          orderIds: Type.Optional(Type.Array(Str(128), { maxItems: 1000 })),
        },
        closed,
      ),
    ),
    claim: Type.Optional(
      Type.Object(
        {
          amount: Type.Optional(Money),
          punitive: Type.Optional(Type.Enum([...PUNITIVE])),
          reward: Type.Optional(Type.Boolean()),
          harm: Type.Optional(Type.Boolean()),
        },
        closed,
      ),
    ),
    text: Str(20_000, 1),
  },
  closed,
);
export type ComplaintBody = Static<typeof ComplaintBody>;

export const BatchBody = Type.Object(
  { items: Type.Array(Type.Unknown({ description: 'a complaint, as for POST /v1/complaints' }), { minItems: 1, maxItems: 1000 }) },
  closed,
);

export const EventBody = Type.Object(
  {
    type: Type.Enum([...EVENT_TYPES]),
    at: Time,
    amount: Type.Optional(Money),
    note: Type.Optional(Str(2000)),
  },
  closed,
);
export type EventBody = Static<typeof EventBody>;

// Answers (closed: see shared/schemas.ts).

const RegistryRef = Closed({
  state: Type.Enum(['none', ...REGISTRY_STATES]),
  entryId: Type.Optional(Type.String()),
});

export const IntakeResultSchema = Closed({
  id: Type.String(),
  externalId: Type.String(),
  complainantId: Type.String(),
  assessment: IntakeAssessmentSchema,
  registry: RegistryRef,
});

/** One item of a batch's answer. */
export const BatchItemResultSchema = Closed({
  externalId: Nullable(Type.String()),
  status: Type.Enum(['created', 'duplicate', 'conflict', 'invalid']),
  id: Type.Optional(Type.String()),
  complainantId: Type.Optional(Type.String()),
  assessment: Type.Optional(IntakeAssessmentSchema),
  registry: Type.Optional(RegistryRef),
  error: Type.Optional(ErrorObject),
});

export const BatchResultSchema = Closed({
  results: Type.Array(BatchItemResultSchema, {
    description: 'in input order; created/duplicate carry the single-post answer, conflict/invalid an error (INTERNAL: not stored, retry)',
  }),
});

export const EventResultSchema = Closed({
  id: Type.String(),
  complaintId: Type.String(),
  type: Type.Enum([...EVENT_TYPES]),
  at: TimeOut,
  amount: Type.Optional(Type.Number()),
  note: Type.Optional(Type.String()),
});
