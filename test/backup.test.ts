/**
 * npm run backup copies the live database while the service keeps writing; the copy, with the
 * two keys, is a working installation whose audit trail verifies.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestApp, tempDir } from './helpers/app.js';
import { pageSizeOf } from '../src/storage/open-store.js';
import { compactSqlite } from '../src/storage/sqlite/connection.js';
import { complaint, residentId, templatedComplaint } from './helpers/factories.js';

const run = promisify(execFile);

async function backup(dir: string, to: string, ...more: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/backup.ts', '--to', to, ...more], {
      env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '' },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

t.test('a hot backup is a consistent, owner-only copy that restores into a working installation', async (t) => {
  const root = tempDir(t);
  const live = join(root, 'live');
  mkdirSync(live);
  const h = await buildTestApp(t, { dir: live });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await h.post('intake', '/v1/complaints', templatedComplaint(i))).json().id);

  // The service keeps taking complaints while the copy is made.
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(600 + (i % 300)) } }));
  })();
  const to = join(root, 'sieve-backup.db');
  const result = await backup(live, to);
  writing = false;
  await writer;
  t.equal(result.code, 0, result.out);
  t.match(result.out, /Backup written to .*: \d+ complaint\(s\); audit trail of 1 record\(s\) verified with the audit key, head 1:[0-9a-f]{64}/);
  t.equal(statSync(to).mode & 0o777, 0o600, 'the copy is owner-only');

  const again = await backup(live, to);
  t.equal(again.code, 64, 'an existing file is never overwritten');
  t.match(again.out, /exists already/);

  // Restored: the copy as the database of a new data folder, with the keys.
  const restored = join(root, 'restored');
  mkdirSync(restored);
  copyFileSync(to, join(restored, 'sieve.db'));
  for (const key of ['audit.key']) copyFileSync(join(live, key), join(restored, key));
  const r = await buildTestApp(t, { dir: restored });
  for (const id of ids) t.equal((await r.get('reviewer', `/v1/complaints/${id}`)).statusCode, 200, `${id} is in the copy`);
  t.same(await r.auditProblems(), [], 'the restored audit trail verifies');
  const entry = (await r.get('reviewer', '/v1/registry/entries')).json().items[0];
  t.equal(
    (await r.post('reviewer', `/v1/registry/entries/${entry.id}/actions`, { action: 'claim', reason: '恢复后继续审查' })).statusCode,
    200,
    'and takes registry writes',
  );
});

t.test('a copy with --page-size is written afresh with that page size, and restored converts the installation', async (t) => {
  const root = tempDir(t);
  const live = join(root, 'live');
  mkdirSync(live);
  // An installation created before pages of 8 KiB were the default.
  const h = await buildTestApp(t, { dir: live, env: { SIEVE_SQLITE_PAGE_SIZE: '4096' } });
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await h.post('intake', '/v1/complaints', templatedComplaint(i))).json().id);
  t.equal(pageSizeOf(join(live, 'sieve.db')), 4096);

  const bad = await backup(live, join(root, 'never.db'), '--page-size', '3000');
  t.equal(bad.code, 64, 'a page size SQLite cannot use is refused');
  t.match(bad.out, /--page-size must be a power of two from 512 to 65536 \(got "3000"\)/);
  t.notOk(existsSync(join(root, 'never.db')), 'and nothing is written');

  writeFileSync(join(root, 'left.db.partial'), 'half a copy');
  const left = await backup(live, join(root, 'left.db'), '--page-size', '8192');
  t.equal(left.code, 64, 'a partial file an interrupted copy left is not taken over');
  t.match(left.out, /left\.db\.partial is left from a copy that was interrupted; remove it/);

  // The service keeps taking complaints while the copy is made.
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(700 + (i % 300)) } }));
  })();
  const to = join(root, 'sieve-8k.db');
  const result = await backup(live, to, '--page-size', '8192');
  writing = false;
  await writer;
  t.equal(result.code, 0, result.out);
  t.match(result.out, /Backup written to .*pages of 8192 bytes.*: \d+ complaint\(s\); audit trail of 1 record\(s\) verified/);
  t.notOk(existsSync(`${to}.partial`), 'written beside it, then renamed');
  t.equal(pageSizeOf(to), 8192, 'the copy has the new page size');
  t.equal(statSync(to).mode & 0o777, 0o600, 'the copy is owner-only');

  const restored = join(root, 'restored');
  mkdirSync(restored);
  copyFileSync(to, join(restored, 'sieve.db'));
  copyFileSync(join(live, 'audit.key'), join(restored, 'audit.key'));
  const r = await buildTestApp(t, { dir: restored });
  for (const id of ids) t.equal((await r.get('reviewer', `/v1/complaints/${id}`)).statusCode, 200, `${id} is in the copy`);
  t.same(await r.auditProblems(), [], 'the restored audit trail verifies');
  const next = await r.post('intake', '/v1/complaints', templatedComplaint(7));
  t.equal(next.statusCode, 201, 'and takes complaints');
  t.ok(next.json().assessment.findings.length > 0, 'matched against what the copy holds');
  t.equal(pageSizeOf(join(restored, 'sieve.db')), 8192, 'the restored database keeps the new page size');
});

t.test('a copy that fails leaves nothing behind, and says so', async (t) => {
  const root = tempDir(t);
  const notADatabase = join(root, 'notes.db');
  writeFileSync(notADatabase, 'not a database, '.repeat(1000));
  const to = join(root, 'copy.db');
  await t.rejects(compactSqlite(notADatabase, to, 8192), { message: /^The copy with pages of 8192 bytes failed \(.+\); nothing was left at .*copy\.db\.$/ });
  t.notOk(existsSync(to), 'no copy');
  t.notOk(existsSync(`${to}.partial`), 'no partial file either');
});
