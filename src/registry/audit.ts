/**
 * The audit chain: each record carries the hash of its predecessor, and its own hash covers its
 * position and content. Editing, deleting or reordering any record breaks the chain from there on.
 *
 * A hash alone can be recomputed by anyone who can write the database, so each record is also
 * authenticated with a key kept outside it (HMAC-SHA256 over its position and hash, `mac`). HMAC
 * rather than a signature: the contract fixes one symmetric `SIEVE_AUDIT_KEY` shared by every
 * instance, verification needs nothing but that key, and it costs microseconds per record where
 * an Ed25519 verification costs ~100 µs (a million-record chain in seconds, not minutes). What a
 * signature would add — verification by an outsider who must not be able to sign — the anchors
 * (`audit-anchors.ts`) give a court more simply: heads written outside the database as they occur.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../shared/canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Who a person signed in through the organisation's identity provider is, as the provider says. */
export interface ActorIdentity {
  issuer: string;
  subject: string;
  name?: string;
  username?: string;
}

export interface AuditContent {
  entityType: string;
  entityId: string;
  action: string;
  actor: string;
  /** The provider's identity of the actor, on records written in a signed-in session. */
  actorIdentity?: ActorIdentity | null;
  at: number;
  reason?: string | null;
  fromState?: string | null;
  toState?: string | null;
  data?: unknown;
}

export interface AuditRecord extends Omit<AuditContent, 'actorIdentity'> {
  /**
   * As in the content; text only on a record read for verification whose stored identity is not
   * JSON: it is kept as stored, so the record's hash fails and names it.
   */
  actorIdentity?: ActorIdentity | string | null;
  seq: number;
  prevHash: string;
  hash: string;
  /** HMAC of seq and hash under the audit key; null only for a record written before keys (sealed at upgrade). */
  mac: string | null;
}

/**
 * The record's fields as stored and hashed: absent optional fields are null. The actor's identity
 * joins the hashed fields only when there is one, so every record written before it existed (and
 * every record of a key or of `system`) hashes exactly as it always did.
 */
export function auditFields(c: AuditContent | AuditRecord) {
  return {
    entityType: c.entityType,
    entityId: c.entityId,
    action: c.action,
    actor: c.actor,
    ...(c.actorIdentity ? { actorIdentity: c.actorIdentity } : {}),
    at: c.at,
    reason: c.reason ?? null,
    fromState: c.fromState ?? null,
    toState: c.toState ?? null,
    data: c.data ?? null,
  };
}

/**
 * The person acting in the current request when they signed in through the identity provider.
 * Every audit append made under it with that person as actor carries their identity: the services
 * (registry, overrides, rules, rescans, …) record `actor: name` in a dozen places, and a parameter
 * threaded through each would be one more thing a new action could forget.
 */
const acting = new AsyncLocalStorage<{ name: string; identity: ActorIdentity }>();

export function actAs<T>(person: { name: string; identity: ActorIdentity }, fn: () => T): T {
  return acting.run(person, fn);
}

/** The content with the acting person's identity added when they are its actor (used by every audit repository's append). */
export function withActorIdentity(content: AuditContent): AuditContent {
  if (content.actorIdentity !== undefined) return content;
  const person = acting.getStore();
  return person && person.name === content.actor ? { ...content, actorIdentity: person.identity } : content;
}

export function auditHash(seq: number, prevHash: string, content: AuditContent | AuditRecord): string {
  const body = canonicalJson({ seq, ...auditFields(content) });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Authenticates a record's position and hash (which covers its content and predecessor). */
export function auditMac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`sieve-audit:${seq}:${hash}`).digest('hex');
}

function macMatches(key: Buffer, r: AuditRecord): boolean {
  if (!r.mac || !/^[0-9a-f]{64}$/.test(r.mac)) return false;
  return timingSafeEqual(Buffer.from(auditMac(key, r.seq, r.hash), 'hex'), Buffer.from(r.mac, 'hex'));
}

export interface AuditProblem {
  /** What the problem is about: `record 12`, `entry r_…`, `anchor 2026-…`. */
  subject: string;
  problem: string;
}

/**
 * Walks records in seq order and reports every record that does not hold, not only the first:
 * each is checked against its own hash, its key and its predecessor as stored, so one edited
 * record is named alone and a recomputed tail is named record by record.
 */
export class ChainChecker {
  readonly problems: AuditProblem[] = [];
  checked = 0;
  head: { seq: number; hash: string } | null;

  /**
   * @param key the audit key; null checks hashes only (records written before keys, at upgrade)
   * @param from the record before the first one to be added, when checking a range of the chain
   */
  constructor(
    private readonly key: Buffer | null,
    from: { seq: number; hash: string } | null = null,
  ) {
    this.head = from;
  }

  add(r: AuditRecord): void {
    const subject = `record ${r.seq}`;
    const expectedSeq = (this.head?.seq ?? 0) + 1;
    if (r.seq !== expectedSeq)
      this.problems.push({
        subject: r.seq > expectedSeq ? `record ${expectedSeq === r.seq - 1 ? expectedSeq : `${expectedSeq}–${r.seq - 1}`}` : subject,
        problem: r.seq > expectedSeq ? `missing (record ${r.seq} follows record ${expectedSeq - 1})` : 'out of order',
      });
    else if (r.prevHash !== (this.head?.hash ?? GENESIS_HASH))
      this.problems.push({ subject, problem: 'its previous-hash does not match the record before it (records deleted, swapped or rewritten)' });
    if (auditHash(r.seq, r.prevHash, r) !== r.hash) this.problems.push({ subject, problem: 'its content does not match its hash (the record was edited)' });
    else if (this.key && !macMatches(this.key, r))
      this.problems.push({
        subject,
        problem: r.mac
          ? 'it fails the audit key (forged, or rewritten with a recomputed hash)'
          : 'it carries no authentication with the audit key (added or rewritten outside Sieve)',
      });
    this.head = { seq: r.seq, hash: r.hash };
    this.checked += 1;
  }
}

/**
 * How appends are authenticated: the key, and — once the chain was found broken at start — the
 * refusal every append gets instead (a registry must not go on writing on a damaged record).
 */
export interface AuditSeal {
  key: Buffer;
  refusal: string | null;
}
