/** The audit chain, read in chain order. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Page, PageQuery } from '../shared/schemas.js';
import { AuditRecordSchema } from './registry.schema.js';
import { decodeCursor, encodeCursor, pageSize, readPage } from '../shared/cursor.js';
import { formatTime } from '../shared/time.js';
import { redactFreeText } from '../identity/free-text.js';
import { shownReason } from './reasons.js';

const withoutNull = ({ reason, ...rest }: ReturnType<typeof shownReason>) => ({ reason: reason ?? undefined, ...rest });
const isSeq = (v: unknown): v is number => Number.isInteger(v);

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { access: 'read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit records in chain order, each with its hash and its predecessor’s',
        querystring: Type.Object({ entityId: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }),
        response: { 200: Page(AuditRecordSchema), ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const afterSeq = decodeCursor(q.cursor, isSeq) ?? 0;
      const { rows, next } = await readPage(
        pageSize(q.limit),
        (limit) => app.store.read.audit.page({ entityId: q.entityId, afterSeq, limit }),
        (last) => last.seq,
      );
      const items = rows.map((r) => ({
        seq: r.seq,
        entityType: r.entityType,
        entityId: r.entityId,
        action: r.action,
        actor: r.actor,
        // Text only where the stored identity is not JSON (verification names that record).
        actorIdentity: typeof r.actorIdentity === 'object' ? (r.actorIdentity ?? undefined) : undefined,
        at: formatTime(r.at),
        // Records from before free text was masked are shown masked (the chain itself is never rewritten).
        ...withoutNull(shownReason(redactFreeText(r.reason), r.data)),
        fromState: r.fromState ?? undefined,
        toState: r.toState ?? undefined,
        data:
          r.data && typeof r.data === 'object' && 'defence' in r.data ? { ...r.data, defence: redactFreeText(String(r.data.defence)) } : (r.data ?? undefined),
        hash: r.hash,
        prevHash: r.prevHash,
      }));
      return { items, nextCursor: next === null ? null : encodeCursor(next) };
    },
  );
};

export default auditRoutes;
