/** Response schemas of the rescan routes (closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { FindingSchema, LevelSchema } from '../detection/assessment.schema.js';

const Change = Closed({ complainantId: Type.String(), score: Type.Integer(), level: LevelSchema });

const DiffSchema = Closed(
  {
    newlyFlagged: Type.Array(Change),
    noLongerReview: Type.Array(Closed({ ...Change.properties, before: Closed({ score: Type.Integer(), level: LevelSchema }) }), {
      description: 'reported only: no entry is changed',
    }),
    unchanged: Type.Integer(),
    counts: Closed(
      { evaluated: Type.Integer(), newlyFlagged: Type.Integer(), noLongerReview: Type.Integer(), levelChanged: Type.Integer() },
      { description: 'extra' },
    ),
    byIndicator: Type.Record(Type.String(), Closed({ before: Type.Integer(), after: Type.Integer() }), {
      description: 'complainants with each finding, before → after',
    }),
    examples: Type.Array(
      Closed({
        complainantId: Type.String(),
        before: Closed({ score: Type.Integer(), level: LevelSchema }),
        after: Closed({ score: Type.Integer(), level: LevelSchema, findings: Type.Array(FindingSchema) }),
      }),
    ),
    truncated: Type.Optional(Type.Literal(true, { description: 'a list was capped at 1,000' })),
    summary: Type.String({ description: 'a readable summary' }),
  },
  { description: 'present once done' },
);

export const RescanSchema = Closed({
  id: Type.String(),
  state: Type.Enum(['queued', 'running', 'done', 'failed']),
  dryRun: Type.Boolean(),
  ruleSetVersion: Type.String(),
  asOf: Nullable(TimeOut),
  requestedBy: Type.String({ description: 'extra' }),
  createdAt: TimeOut,
  startedAt: Type.Optional(TimeOut),
  finishedAt: Type.Optional(TimeOut),
  progress: Closed({ done: Type.Integer(), total: Type.Integer() }),
  diff: Type.Optional(DiffSchema),
  error: Type.Optional(Type.String()),
});
