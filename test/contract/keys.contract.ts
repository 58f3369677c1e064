/**
 * Keys. A stored key is found by its token hash while it is not revoked — expiry is the caller's
 * to judge, so that it can answer "expired" rather than "unknown key" — and is read back without
 * its hash. The token hash is unique. `list` is oldest first (ties by id). `revoke` ends every
 * active key with that id or name and returns them as revoked; a revoked key is never revoked
 * again. `active(at)` leaves out revoked keys and keys whose expiry is at or before `at`;
 * `takeExpired(at)` hands out each unrevoked key whose expiry is at or before `at` exactly once.
 */
import type { ContractGroup } from './harness.js';
import { DAY, keyRow, T0 } from './factories.js';

export const keysContract: ContractGroup = (t, fresh) => {
  t.test('keys: stored, found by token hash, listed oldest first, counted', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.keys.insert(keyRow('k_2', { name: 'bob', role: 'admin', createdAt: T0 + 1 }));
      await tx.keys.insert(keyRow('k_1', { name: 'alice', createdAt: T0 + 1 }));
      await tx.keys.insert(keyRow('k_0', { name: 'carol', role: 'supervisor', expiresAt: T0 + DAY }));
    });
    t.strictSame(
      await store.read.keys.findActiveByHash('hash-k_1'),
      { id: 'k_1', name: 'alice', role: 'reviewer', createdAt: T0 + 1, revokedAt: null, expiresAt: null },
      'every field but the hash',
    );
    t.strictSame(
      await store.read.keys.findActiveByHash('hash-k_0'),
      { id: 'k_0', name: 'carol', role: 'supervisor', createdAt: T0, revokedAt: null, expiresAt: T0 + DAY },
      'a key with an expiry is found; the caller compares it with the time',
    );
    t.equal(await store.read.keys.findActiveByHash('hash-unknown'), undefined);
    t.strictSame(
      (await store.read.keys.list()).map((k) => [k.id, k.name]),
      [
        ['k_0', 'carol'],
        ['k_1', 'alice'],
        ['k_2', 'bob'],
      ],
      'oldest first, ties by id',
    );
    t.equal(await store.read.keys.countAll(), 3);
  });

  t.test('keys: a token hash or an id is stored once', async (t) => {
    const { store } = await fresh(t);
    await store.write((tx) => tx.keys.insert(keyRow('k_1')));
    await t.rejects(
      store.write((tx) => tx.keys.insert(keyRow('k_2', { tokenHash: 'hash-k_1' }))),
      'same token hash refused',
    );
    await t.rejects(
      store.write((tx) => tx.keys.insert(keyRow('k_1', { tokenHash: 'other' }))),
      'same id refused',
    );
    t.equal(await store.read.keys.countAll(), 1);
  });

  t.test('keys: revoked by id or by name, once; a revoked key is no longer found', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.keys.insert(keyRow('k_1', { name: 'alice' }));
      await tx.keys.insert(keyRow('k_2', { name: 'bob' }));
    });
    const byName = await store.write((tx) => tx.keys.revoke('alice', T0 + 5));
    t.strictSame(byName, [{ id: 'k_1', name: 'alice', role: 'reviewer', createdAt: T0, revokedAt: T0 + 5, expiresAt: null }], 'returned as revoked');
    t.strictSame(await store.write((tx) => tx.keys.revoke('k_1', T0 + 6)), [], 'not revoked twice');
    t.strictSame(
      (await store.write((tx) => tx.keys.revoke('k_2', T0 + 7))).map((k) => [k.id, k.revokedAt]),
      [['k_2', T0 + 7]],
      'by id',
    );
    t.equal(await store.read.keys.findActiveByHash('hash-k_1'), undefined);
    t.strictSame(
      (await store.read.keys.list()).map((k) => [k.id, k.revokedAt]),
      [
        ['k_1', T0 + 5],
        ['k_2', T0 + 7],
      ],
      'still listed, with the first revocation time',
    );
  });

  t.test('keys: active at an instant; expiries taken once', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.keys.insert(keyRow('k_forever'));
      await tx.keys.insert(keyRow('k_day', { expiresAt: T0 + DAY }));
      await tx.keys.insert(keyRow('k_week', { expiresAt: T0 + 7 * DAY }));
      await tx.keys.insert(keyRow('k_revoked', { expiresAt: T0 + DAY, revokedAt: T0 + 1 }));
    });
    const active = async (at: number) => (await store.read.keys.active(at)).map((k) => k.id).sort();
    t.strictSame(await active(T0 + DAY - 1), ['k_day', 'k_forever', 'k_week'], 'before its expiry a key is active');
    t.strictSame(await active(T0 + DAY), ['k_forever', 'k_week'], 'at its expiry it is not');
    t.strictSame(await active(T0 + 8 * DAY), ['k_forever']);

    t.strictSame(await store.write((tx) => tx.keys.takeExpired(T0 + DAY - 1)), [], 'nothing expired yet');
    t.strictSame(
      await store.write((tx) => tx.keys.takeExpired(T0 + DAY)),
      [{ id: 'k_day', name: 'name-k_day', role: 'reviewer', createdAt: T0, revokedAt: null, expiresAt: T0 + DAY }],
      'expired at its expiry; a revoked key is not taken',
    );
    t.strictSame(
      (await store.write((tx) => tx.keys.takeExpired(T0 + 30 * DAY))).map((k) => k.id),
      ['k_week'],
      'each expiry is taken once',
    );
    t.strictSame(await store.write((tx) => tx.keys.takeExpired(T0 + 31 * DAY)), []);
  });
};
