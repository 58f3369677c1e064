/**
 * Reviewer overrides of what the system would otherwise do: allow-list entries (suppress
 * automatic flags until expiry) and merging two complainant records (a judgement, recorded and
 * reversible). Each writes its audit record in the same transaction.
 */
import type { Store, WriteContext } from '../storage/ports.js';
import type { Principal } from '../auth/permissions.js';
import { DomainError, notFound, validationFailed } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { formatOptionalTime, formatTime, parseTime } from '../shared/time.js';
import type { AllowlistRecord } from './entry.js';
import { redactFreeText, type FreeTextMasker } from '../identity/free-text.js';

export type Reassess = (tx: WriteContext, rootId: string) => Promise<void>;

function allowView(a: AllowlistRecord) {
  return {
    id: a.id,
    complainantId: a.complainantId,
    reason: redactFreeText(a.reason),
    expiresAt: formatTime(a.expiresAt),
    createdBy: a.createdBy,
    createdAt: formatTime(a.createdAt),
    revokedAt: formatOptionalTime(a.revokedAt),
    revokedBy: a.revokedBy ?? undefined,
  };
}

export function createOverridesService(deps: { store: Store; now: () => number; reassess: Reassess; maskText: FreeTextMasker }) {
  const { store, now, reassess, maskText } = deps;

  async function root(tx: WriteContext, id: string): Promise<string> {
    const record = await tx.identity.findById(id);
    if (!record) throw notFound(`Complainant ${id}`);
    return record.mergedInto ?? record.id;
  }

  return {
    async allow(body: { complainantId: string; reason: string; expiresAt: string }, principal: Principal) {
      const expiresAt = parseTime(body.expiresAt);
      if (expiresAt === null) throw validationFailed([{ path: '/expiresAt', message: 'must be an RFC 3339 date-time with an offset' }]);
      const at = now();
      if (expiresAt <= at) throw validationFailed([{ path: '/expiresAt', message: 'must be in the future' }]);
      const reason = maskText(body.reason);
      return store.write(async (tx) => {
        const complainantId = await root(tx, body.complainantId);
        const rec: AllowlistRecord = {
          id: newId('a'),
          complainantId,
          reason: reason.text,
          expiresAt,
          createdBy: principal.name,
          createdAt: at,
          revokedAt: null,
          revokedBy: null,
        };
        await tx.registry.insertAllow(rec);
        await tx.identity.recordTextIdentifiers('allowlist', rec.id, reason.found);
        await tx.audit.append({
          entityType: 'allowlist',
          entityId: rec.id,
          action: 'allow',
          actor: principal.name,
          at,
          reason: reason.text,
          data: { complainantId, expiresAt: formatTime(expiresAt) },
        });
        return allowView(rec);
      });
    },

    async allowlist() {
      return { items: (await store.read.registry.allowlist({})).map(allowView) };
    },

    async revokeAllow(id: string, principal: Principal) {
      return store.write(async (tx) => {
        const rec = await tx.registry.getAllow(id);
        if (!rec) throw notFound(`Allow-list entry ${id}`);
        if (rec.revokedAt !== null) throw new DomainError('INVALID_TRANSITION', `Allow-list entry ${id} was already revoked.`);
        const at = now();
        await tx.registry.revokeAllow(id, at, principal.name);
        await tx.audit.append({
          entityType: 'allowlist',
          entityId: id,
          action: 'revoke',
          actor: principal.name,
          at,
          data: { complainantId: rec.complainantId },
        });
        return allowView({ ...rec, revokedAt: at, revokedBy: principal.name });
      });
    },

    async merge(keptId: string, body: { otherId: string; reason: string }, principal: Principal) {
      const reason = maskText(body.reason);
      return store.write(async (tx) => {
        const kept = await root(tx, keptId);
        const other = await root(tx, body.otherId);
        if (kept === other) throw new DomainError('INVALID_TRANSITION', 'These records are already one complainant.');
        if (await tx.registry.openFor(other)) throw new DomainError('ENTRY_OPEN', `Complainant ${other} has an open registry entry; close it before merging.`);
        const members = await tx.identity.members(other);
        const records = await tx.identity.findMany(members);
        const moved = records.map((r) => ({ id: r.id, previous: r.mergedInto }));
        await tx.identity.setMergedInto(members, kept);
        const at = now();
        const id = newId('m');
        await tx.registry.insertMerge({
          id,
          keptId: kept,
          otherId: other,
          moved,
          reason: reason.text,
          actor: principal.name,
          at,
          undoneAt: null,
          undoneBy: null,
          undoReason: null,
        });
        await tx.identity.recordTextIdentifiers('merge', id, reason.found);
        await tx.audit.append({
          entityType: 'complainant',
          entityId: kept,
          action: 'merge',
          actor: principal.name,
          at,
          reason: reason.text,
          data: { mergeId: id, otherId: other, moved: moved.map((m) => m.id) },
        });
        await reassess(tx, kept);
        return { mergeId: id, complainantId: kept, otherId: other, movedIds: moved.map((m) => m.id), at: formatTime(at) };
      });
    },

    async unmerge(keptId: string, body: { mergeId: string; reason: string }, principal: Principal) {
      const reason = maskText(body.reason);
      return store.write(async (tx) => {
        const merge = await tx.registry.getMerge(body.mergeId);
        if (!merge || merge.keptId !== (await root(tx, keptId))) throw notFound(`Merge ${body.mergeId} of complainant ${keptId}`);
        if (merge.undoneAt !== null) throw new DomainError('INVALID_TRANSITION', `Merge ${merge.id} was already undone.`);
        for (const m of merge.moved) await tx.identity.setMergedInto([m.id], m.previous);
        const at = now();
        await tx.registry.undoMerge(merge.id, at, principal.name, reason.text);
        await tx.identity.recordTextIdentifiers('merge', merge.id, reason.found);
        await tx.audit.append({
          entityType: 'complainant',
          entityId: merge.keptId,
          action: 'unmerge',
          actor: principal.name,
          at,
          reason: reason.text,
          data: { mergeId: merge.id, otherId: merge.otherId },
        });
        await reassess(tx, merge.keptId);
        await reassess(tx, merge.otherId);
        return { mergeId: merge.id, complainantId: merge.keptId, otherId: merge.otherId, undoneAt: formatTime(at) };
      });
    },
  };
}

export type OverridesService = ReturnType<typeof createOverridesService>;
