import t from 'tap';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestApp, tempDir } from './helpers/app.js';
import { templatedComplaint } from './helpers/factories.js';

const run = promisify(execFile);

async function verify(dir: string, ...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/audit-verify.ts', ...args], { env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '' } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

t.test('npm run audit:verify detects an edited, deleted or reordered record', async (t) => {
  const root = tempDir(t);
  const dir = join(root, 'original');
  mkdirSync(dir);
  const h = await buildTestApp(t, { dir });
  let entryId = '';
  for (let i = 0; i < 4; i++) entryId = (await h.post('intake', '/v1/complaints', templatedComplaint(i))).json().registry.entryId ?? entryId;
  for (const body of [
    { action: 'claim', reason: '审查' },
    { action: 'propose', reason: '提出' },
  ])
    await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, body);
  await h.post('supervisor', `/v1/registry/entries/${entryId}/actions`, { action: 'approve_notice', reason: '同意' });
  await h.app.close();

  const intact = await verify(dir);
  t.equal(intact.code, 0, intact.out);
  t.match(intact.out, /intact: 4 record\(s\)/);
  const head = /Head: (\S+)/.exec(intact.out)![1];

  const tampered = (name: string, sql: string) => {
    const copy = join(root, name);
    mkdirSync(copy);
    copyFileSync(join(dir, 'sieve.db'), join(copy, 'sieve.db'));
    const db = new Database(join(copy, 'sieve.db'));
    db.exec(sql);
    db.close();
    return copy;
  };

  const edited = await verify(tampered('edited', "UPDATE audit_log SET reason = '无异议' WHERE seq = 3"));
  t.equal(edited.code, 2);
  t.match(edited.out, /BROKEN at record 3: .*edited/);

  const deleted = await verify(tampered('deleted', 'DELETE FROM audit_log WHERE seq = 2'));
  t.equal(deleted.code, 2);
  t.match(deleted.out, /record 2 is missing/);

  const reordered = await verify(
    tampered('reordered', 'UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2;'),
  );
  t.equal(reordered.code, 2);
  t.match(reordered.out, /BROKEN at record 2/);

  const truncatedDir = tampered('truncated', 'DELETE FROM audit_log WHERE seq = 4');
  t.equal((await verify(truncatedDir)).code, 0, 'a cut-off tail still links up on its own…');
  const anchored = await verify(truncatedDir, '--anchor', head);
  t.equal(anchored.code, 2, '…but not against the head recorded earlier');
  t.match(anchored.out, /anchor record 4 is missing/);
});
