/**
 * The audit chain's guard at start and its anchors while running. At start the whole chain is
 * checked with the key and against the anchors (about 20 µs a record: 4 s for 200,000); a chain
 * that fails turns every later audit append — every registry write — into a refusal until an
 * operator has looked (`npm run audit:verify`). While running, the head is anchored outside the
 * database whenever it moved.
 */
import type { Store } from '../storage/ports.js';
import { formatTime } from '../shared/time.js';
import { auditMac, ChainChecker, type AuditProblem } from './audit.js';
import { verifyChain } from './audit-verify.js';
import { appendAnchor, readAnchors, type Anchor } from './audit-anchors.js';
import type { AuditSeal } from './audit.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AuditGuardDeps {
  store: Store;
  seal: AuditSeal;
  anchorFile: string;
  log: Log;
  now: () => number;
}

const PAGE = 5_000;
export const VERIFY_COMMAND = 'npm run audit:verify';

/**
 * Checks the whole chain with the key and against every anchor; seals the records of an
 * installation that predates audit keys (only while no anchor exists, so a record stripped of its
 * key later can never be sealed again). Sets `seal.refusal` when the chain fails.
 */
export async function guardAuditChain(deps: AuditGuardDeps): Promise<{ problems: AuditProblem[]; sealed: number; checked: number }> {
  const { store, seal, log } = deps;
  const started = performance.now();
  const { anchors, problems } = readAnchors(deps.anchorFile);
  let sealed = 0;

  if (!anchors.length && (await store.read.audit.unauthenticated()) > 0) {
    const legacy = await scanLegacy(store);
    problems.push(...legacy);
    if (problems.length === 0) sealed = await sealLegacy(store, seal.key);
  }

  let checked = 0;
  if (problems.length === 0) {
    const chain = await verifyChain(store.read, { key: seal.key, anchors });
    problems.push(...chain.problems);
    checked = chain.checked;
  }

  if (problems.length) {
    const first = problems[0];
    seal.refusal =
      `The audit trail failed its check at start (${first.subject}: ${first.problem}` +
      `${problems.length > 1 ? `; ${problems.length - 1} more problem(s)` : ''}). Registry writes are refused until an operator ` +
      `has examined it: run \`${VERIFY_COMMAND}\` on the server, and restore the database from a backup taken before the damage.`;
    log.error({ problems: problems.slice(0, 20), count: problems.length, command: VERIFY_COMMAND }, 'audit trail BROKEN: registry writes are refused');
  } else {
    if (sealed) log.warn({ sealed }, 'audit records written before audit keys were checked and authenticated with the audit key');
    log.info({ checked, anchors: anchors.length, ms: Math.round(performance.now() - started) }, 'audit trail checked');
  }
  return { problems, sealed, checked };
}

/** Records from before keys: their hashes must hold, and they can only be a prefix of the chain. */
async function scanLegacy(store: Store): Promise<AuditProblem[]> {
  const checker = new ChainChecker(null);
  const stripped: AuditProblem[] = [];
  let keyed = false;
  for (let after = 0; ; ) {
    const page = await store.read.audit.scan(after, PAGE);
    if (!page.length) break;
    for (const r of page) {
      checker.add(r);
      if (r.mac !== null) keyed = true;
      else if (keyed) stripped.push({ subject: `record ${r.seq}`, problem: 'it carries no authentication with the audit key, though records before it do' });
    }
    after = page[page.length - 1].seq;
  }
  return [...checker.problems, ...stripped];
}

async function sealLegacy(store: Store, key: Buffer): Promise<number> {
  let sealed = 0;
  for (let after = 0; ; ) {
    const page = await store.read.audit.scan(after, PAGE);
    if (!page.length) break;
    const macs = page.filter((r) => r.mac === null).map((r) => ({ seq: r.seq, mac: auditMac(key, r.seq, r.hash) }));
    await store.write((tx) => tx.audit.seal(macs));
    sealed += macs.length;
    after = page[page.length - 1].seq;
  }
  return sealed;
}

/** Writes the chain head to the anchor file (and the log) when it moved since the last anchor. */
export function createAnchoring(deps: AuditGuardDeps) {
  let lastSeq = readAnchors(deps.anchorFile).anchors.at(-1)?.seq ?? 0;
  return {
    async anchor(): Promise<Anchor | null> {
      // A broken chain is not anchored: an anchor vouches for what comes before it.
      if (deps.seal.refusal) return null;
      const head = await deps.store.read.audit.head();
      if (!head || head.seq === lastSeq) return null;
      const anchor: Anchor = { seq: head.seq, hash: head.hash, mac: head.mac, at: deps.now() };
      appendAnchor(deps.anchorFile, anchor);
      lastSeq = head.seq;
      deps.log.info({ auditAnchor: { seq: anchor.seq, hash: anchor.hash, at: formatTime(anchor.at) } }, 'audit anchor');
      return anchor;
    },
  };
}
