/**
 * npm run backup copies the live database while the service keeps writing; the copy, with the
 * two keys, is a working installation whose audit trail verifies.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestApp, tempDir } from './helpers/app.js';
import { complaint, residentId, templatedComplaint } from './helpers/factories.js';

const run = promisify(execFile);

async function backup(dir: string, to: string) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/backup.ts', '--to', to], { env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '' } });
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
