/**
 * The audit chain: each record carries the hash of its predecessor, and its own hash covers its
 * position and content. Editing, deleting or reordering any record breaks the chain from there on.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  entityType: string;
  entityId: string;
  action: string;
  actor: string;
  at: number;
  reason?: string | null;
  fromState?: string | null;
  toState?: string | null;
  data?: unknown;
}

export interface AuditRecord extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The record's fields as stored and hashed: absent optional fields are null. */
export function auditFields(c: AuditContent) {
  return {
    entityType: c.entityType,
    entityId: c.entityId,
    action: c.action,
    actor: c.actor,
    at: c.at,
    reason: c.reason ?? null,
    fromState: c.fromState ?? null,
    toState: c.toState ?? null,
    data: c.data ?? null,
  };
}

export function auditHash(seq: number, prevHash: string, content: AuditContent): string {
  const body = canonicalJson({ seq, ...auditFields(content) });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainBreak {
  seq: number;
  problem: string;
}

/** Walks records in seq order and reports the first break, or null when the chain is intact. */
export function verifyChain(records: Iterable<AuditRecord>): { checked: number; broken: ChainBreak | null } {
  let prev = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let checked = 0;
  for (const r of records) {
    if (expectedSeq !== null && r.seq !== expectedSeq)
      return { checked, broken: { seq: r.seq, problem: `record ${expectedSeq} is missing (found ${r.seq} next)` } };
    if (r.prevHash !== prev)
      return { checked, broken: { seq: r.seq, problem: 'its previous-hash does not match the record before it (deleted or reordered records)' } };
    if (auditHash(r.seq, r.prevHash, r) !== r.hash)
      return { checked, broken: { seq: r.seq, problem: 'its content does not match its hash (the record was edited)' } };
    prev = r.hash;
    expectedSeq = r.seq + 1;
    checked += 1;
  }
  return { checked, broken: null };
}
