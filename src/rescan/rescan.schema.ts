/** Response schemas of the rescan routes, for the OpenAPI document (see shared/schemas.ts). */
import { Type } from 'typebox';
import { Nullable, TimeOut } from '../shared/schemas.js';
import { FindingSchema, LevelSchema } from '../detection/assessment.schema.js';

const Change = Type.Object({ complainantId: Type.String(), score: Type.Integer(), level: LevelSchema });

const DiffSchema = Type.Object(
  {
    newlyFlagged: Type.Array(Change),
    noLongerReview: Type.Array(Type.Object({ ...Change.properties, before: Type.Object({ score: Type.Integer(), level: LevelSchema }) }), {
      description: 'reported only: no entry is changed',
    }),
    unchanged: Type.Integer(),
    counts: Type.Object(
      { evaluated: Type.Integer(), newlyFlagged: Type.Integer(), noLongerReview: Type.Integer(), levelChanged: Type.Integer() },
      { description: 'extra' },
    ),
    byIndicator: Type.Record(Type.String(), Type.Object({ before: Type.Integer(), after: Type.Integer() }), {
      description: 'complainants with each finding, before → after',
    }),
    examples: Type.Array(
      Type.Object({
        complainantId: Type.String(),
        before: Type.Object({ score: Type.Integer(), level: LevelSchema }),
        after: Type.Object({ score: Type.Integer(), level: LevelSchema, findings: Type.Array(FindingSchema) }),
      }),
    ),
    truncated: Type.Optional(Type.Literal(true, { description: 'a list was capped at 1,000' })),
    summary: Type.String({ description: 'a readable summary' }),
  },
  { description: 'present once done' },
);

export const RescanSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  dryRun: Type.Boolean(),
  ruleSetVersion: Type.String(),
  asOf: Nullable(TimeOut),
  requestedBy: Type.String({ description: 'extra' }),
  createdAt: TimeOut,
  startedAt: Type.Optional(TimeOut),
  finishedAt: Type.Optional(TimeOut),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  diff: Type.Optional(DiffSchema),
  error: Type.Optional(Type.String()),
});
