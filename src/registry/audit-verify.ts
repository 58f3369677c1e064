/**
 * Verification of the audit trail against everything that can betray a rewrite: each record's
 * hash and key, its link to the record before, the anchors written outside the database, and the
 * registry itself — every entry's state, deadline, term and measures must be what its own audit
 * history says, because the API, lookups and exports serve the entry row, not the history.
 */
import { formatOptionalTime } from '../shared/time.js';
import type { Repositories } from '../storage/ports.js';
import { ChainChecker, type AuditProblem, type AuditRecord } from './audit.js';
import type { Anchor } from './audit-anchors.js';
import type { EntryRecord } from './entry.js';

const PAGE = 5_000;

/** What an entry's audit history says it must be now. */
interface EntryTrail {
  complainantId: unknown;
  state: string | null;
  lastSeq: number;
  measures?: unknown;
  deadline?: unknown;
  expiresAt?: unknown;
  decision?: unknown;
  problems: string[];
}

function foldTrail(trails: Map<string, EntryTrail>, r: AuditRecord): void {
  if (r.entityType !== 'registry_entry') return;
  const data = (r.data && typeof r.data === 'object' ? r.data : {}) as Record<string, unknown>;
  let trail = trails.get(r.entityId);
  if (!trail) {
    trail = { complainantId: data.complainantId, state: null, lastSeq: r.seq, problems: [] };
    trails.set(r.entityId, trail);
  }
  if ((r.fromState ?? null) !== trail.state)
    trail.problems.push(
      `record ${r.seq} (${r.action}) starts from ${r.fromState ?? 'no entry'}, but the history before it ends at ${trail.state ?? 'no entry'}`,
    );
  trail.state = r.toState ?? null;
  trail.lastSeq = r.seq;
  for (const field of ['measures', 'deadline', 'expiresAt', 'decision'] as const) if (field in data) trail[field] = data[field];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Each difference between a stored entry and what its history says, in words. */
function compareEntry(entry: EntryRecord, trail: EntryTrail | undefined): string[] {
  if (!trail) return ['it has no audit history (the row was written outside Sieve)'];
  const found = [...trail.problems];
  const differs = (field: string, stored: unknown, audited: unknown) => {
    if (!same(stored, audited))
      found.push(
        `its ${field} is ${JSON.stringify(stored ?? null)} in the database but ${JSON.stringify(audited ?? null)} by its audit history (last record ${trail.lastSeq})`,
      );
  };
  differs('state', entry.state, trail.state);
  differs('complainant', entry.complainantId, trail.complainantId);
  differs('measures', entry.measures?.length ? entry.measures : null, trail.measures);
  differs('defence deadline', formatOptionalTime(entry.deadline), trail.deadline);
  differs('listing expiry', formatOptionalTime(entry.expiresAt), trail.expiresAt);
  differs('decision', entry.decision, trail.decision);
  return found;
}

export interface AuditReport {
  checked: number;
  entries: number;
  head: { seq: number; hash: string } | null;
  problems: AuditProblem[];
}

/**
 * Checks the whole chain with the key and every anchor. `onRecord` sees each record as it passes
 * (the registry check folds entry histories from it without a second scan).
 */
export async function verifyChain(
  read: Repositories,
  opts: { key: Buffer; anchors: Anchor[]; onRecord?: (r: AuditRecord) => void },
): Promise<{ checked: number; head: { seq: number; hash: string } | null; problems: AuditProblem[] }> {
  const chain = new ChainChecker(opts.key);
  const anchorsAt = new Map<number, Anchor[]>();
  for (const a of opts.anchors) anchorsAt.set(a.seq, [...(anchorsAt.get(a.seq) ?? []), a]);
  const problems: AuditProblem[] = [];
  for (let after = 0; ; ) {
    const page = await read.audit.scan(after, PAGE);
    if (!page.length) break;
    for (const r of page) {
      chain.add(r);
      opts.onRecord?.(r);
      for (const a of anchorsAt.get(r.seq) ?? [])
        if (a.hash !== r.hash) problems.push(anchorProblem(a, `record ${r.seq} has another hash now (the chain was rewritten from there or before)`));
      anchorsAt.delete(r.seq);
    }
    after = page[page.length - 1].seq;
  }
  for (const [, list] of anchorsAt)
    for (const a of list)
      problems.push(
        anchorProblem(a, `record ${a.seq} is gone: the chain ends at ${chain.head ? `record ${chain.head.seq}` : 'no record at all'} (records were removed)`),
      );
  return { checked: chain.checked, head: chain.head, problems: [...chain.problems, ...problems] };
}

/**
 * Checks the whole chain with the key, every anchor, and every registry entry against its
 * history. Reports every problem found, each naming its record, entry or anchor.
 */
export async function verifyAudit(read: Repositories, opts: { key: Buffer; anchors: Anchor[] }): Promise<AuditReport> {
  const trails = new Map<string, EntryTrail>();
  const chain = await verifyChain(read, { ...opts, onRecord: (r) => foldTrail(trails, r) });
  const problems: AuditProblem[] = [];

  let entries = 0;
  const seen = new Set<string>();
  for (let after: { createdAt: number; id: string } | undefined; ; ) {
    const page = await read.registry.page({ limit: PAGE, after });
    for (const entry of page) {
      entries += 1;
      seen.add(entry.id);
      for (const problem of compareEntry(entry, trails.get(entry.id))) problems.push({ subject: `entry ${entry.id}`, problem });
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1];
    after = { createdAt: last.createdAt, id: last.id };
  }
  for (const [id, trail] of trails)
    if (!seen.has(id))
      problems.push({ subject: `entry ${id}`, problem: `its audit history (last record ${trail.lastSeq}) has no entry in the registry (the row was deleted)` });

  return { checked: chain.checked, entries, head: chain.head, problems: [...chain.problems, ...problems] };
}

function anchorProblem(a: Anchor, problem: string): AuditProblem {
  return { subject: `anchor of ${formatOptionalTime(a.at)}`, problem };
}
