/**
 * Staff sessions (signing in through the identity provider).
 *
 * - A session reads back by its token hash exactly as inserted, nulls included; it is unique by id
 *   and by token hash. An unknown hash finds nothing.
 * - `touch` records the last use and changes nothing else; touching an ended session does nothing.
 * - `delete` ends a session once (true), then answers false.
 * - `deleteStale(now, idleSince)` removes the sessions whose absolute end is at or before `now`, or
 *   whose last use is at or before `idleSince` (the instants at which the service stops resuming
 *   them), and answers how many went; the others stay untouched.
 */
import type { ContractGroup } from './harness.js';
import { sessionRow, T0 } from './factories.js';

const HOUR = 3_600_000;

export const sessionsContract: ContractGroup = (t, fresh) => {
  t.test('sessions: read back whole by token hash; unique by id and by hash; touched; ended once', async (t) => {
    const { store } = await fresh(t);
    const full = sessionRow('ss_1');
    const bare = sessionRow('ss_2', { role: 'supervisor', name: 'sup-carol', displayName: null, username: null, idToken: null, lastSeenAt: T0 + 1 });
    await store.write(async (tx) => {
      await tx.sessions.insert(full);
      await tx.sessions.insert(bare);
    });
    t.strictSame(await store.read.sessions.findByHash('token-ss_1'), full, 'every field');
    t.strictSame(await store.read.sessions.findByHash('token-ss_2'), bare, 'absent optional fields read back as null');
    t.equal(await store.read.sessions.findByHash('ss_1'), undefined, 'found by the hash, not the id');
    t.equal(await store.read.sessions.findByHash('token-nobody'), undefined);

    await t.rejects(
      store.write((tx) => tx.sessions.insert(sessionRow('ss_3', { tokenHash: 'token-ss_1' }))),
      'a token hash is stored once',
    );
    await t.rejects(
      store.write((tx) => tx.sessions.insert(sessionRow('ss_1', { tokenHash: 'token-other' }))),
      'an id is stored once',
    );

    await store.write((tx) => tx.sessions.touch('ss_1', T0 + HOUR));
    t.strictSame(await store.read.sessions.findByHash('token-ss_1'), { ...full, lastSeenAt: T0 + HOUR }, 'only the last use changes');
    t.strictSame(await store.read.sessions.findByHash('token-ss_2'), bare, 'the other session is untouched');

    t.equal(await store.write((tx) => tx.sessions.delete('ss_1')), true);
    t.equal(await store.read.sessions.findByHash('token-ss_1'), undefined, 'gone');
    t.equal(await store.write((tx) => tx.sessions.delete('ss_1')), false, 'not ended twice');
    t.equal(await store.write((tx) => tx.sessions.delete('ss_nobody')), false);
    await store.write((tx) => tx.sessions.touch('ss_1', T0 + 2 * HOUR));
    t.equal(await store.read.sessions.findByHash('token-ss_1'), undefined, 'touching an ended session does not bring it back');
    t.strictSame(await store.read.sessions.findByHash('token-ss_2'), bare);
  });

  t.test('sessions: stale ones go — past their absolute end, or unused since the idle limit — and are counted', async (t) => {
    const { store } = await fresh(t);
    const now = T0 + 10 * HOUR;
    const idleSince = now - HOUR;
    const rows = [
      sessionRow('ss_ended', { lastSeenAt: now - 1, expiresAt: now }), // its absolute end is now
      sessionRow('ss_ending', { lastSeenAt: now - 1, expiresAt: now + 1 }),
      sessionRow('ss_idle', { lastSeenAt: idleSince, expiresAt: now + HOUR }), // unused exactly the idle limit
      sessionRow('ss_used', { lastSeenAt: idleSince + 1, expiresAt: now + HOUR }),
      sessionRow('ss_both', { lastSeenAt: T0, expiresAt: T0 + HOUR }),
    ];
    await store.write(async (tx) => {
      for (const r of rows) await tx.sessions.insert(r);
    });
    t.equal(await store.write((tx) => tx.sessions.deleteStale(now, idleSince)), 3, 'how many went');
    const left = [];
    for (const r of rows) if (await store.read.sessions.findByHash(r.tokenHash)) left.push(r.id);
    t.strictSame(left, ['ss_ending', 'ss_used'], 'the ended at their end, the idle at their limit; the others stay');
    t.strictSame(await store.read.sessions.findByHash('token-ss_used'), rows[3], 'kept whole');
    t.equal(await store.write((tx) => tx.sessions.deleteStale(now, idleSince)), 0, 'nothing left to go');
  });
};
