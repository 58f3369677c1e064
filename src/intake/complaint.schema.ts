/**
 * Request schemas of the intake routes (TypeBox → JSON Schema). They drive validation and the
 * OpenAPI document. Checks JSON Schema cannot express (check digits, offsets on times, money
 * rounding, "at least one identifier") live in complaint.validation.ts.
 */
import { Type, type Static } from 'typebox';
import { ErrorObject, Nullable, TimeOut } from '../shared/schemas.js';
import { IntakeAssessmentSchema } from '../detection/assessment.schema.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Time = Type.String({
  description: 'RFC 3339 date-time with an offset (Z or ±hh:mm)',
  maxLength: 64,
  examples: ['2026-03-01T10:00:00+08:00'],
});
const Money = Type.Number({ minimum: 0, maximum: 1e12, description: 'CNY; rounded half-up to 0.01' });

export const COMPLAINT_KINDS = ['complaint', 'report', 'complaint_and_report', 'information_request', 'reconsideration', 'litigation'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const ID_TYPES = ['resident_id', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const PUNITIVE = ['none', '3x', '10x', 'other'] as const;
export type Punitive = (typeof PUNITIVE)[number];
export const EVENT_TYPES = ['withdrawn', 'settled', 'compensated', 'mediation_ended', 'upheld', 'rejected'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

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

// Answers (documentation only: see shared/schemas.ts).

const RegistryRef = Type.Object({
  state: Type.Enum(['none', ...REGISTRY_STATES]),
  entryId: Type.Optional(Type.String()),
});

export const IntakeResultSchema = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  complainantId: Type.String(),
  assessment: IntakeAssessmentSchema,
  registry: RegistryRef,
});

export const BatchResultSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      externalId: Nullable(Type.String()),
      status: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('conflict'), Type.Literal('invalid')]),
      id: Type.Optional(Type.String()),
      complainantId: Type.Optional(Type.String()),
      assessment: Type.Optional(IntakeAssessmentSchema),
      registry: Type.Optional(RegistryRef),
      error: Type.Optional(ErrorObject),
    }),
    { description: 'in input order; created/duplicate carry the single-post answer, conflict/invalid an error (INTERNAL: not stored, retry)' },
  ),
});

export const EventResultSchema = Type.Object({
  id: Type.String(),
  complaintId: Type.String(),
  type: Type.Enum([...EVENT_TYPES]),
  at: TimeOut,
  amount: Type.Optional(Type.Number()),
  note: Type.Optional(Type.String()),
});
