/**
 * An insider with access to the database (not to the audit key or the anchor file) rewrites the
 * registry's history in each of the ways that matter; `npm run audit:verify` must catch and name
 * every one, and the service must refuse registry writes on a chain that fails at start.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestApp, tempDir, type TestApp } from './helpers/app.js';
import { templatedComplaint } from './helpers/factories.js';
import { auditHash, type AuditContent } from '../src/registry/audit.js';

const run = promisify(execFile);

async function verify(dir: string, ...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/audit-verify.ts', ...args], {
      env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '', SIEVE_AUDIT_KEY: '', SIEVE_AUDIT_ANCHOR_FILE: '' },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

const at = (s: string) => Date.parse(s);

/** A data folder whose trail has four records: flag, claim, propose, approve_notice (anchored at close). */
async function original(t: Parameters<typeof buildTestApp>[0], root: string) {
  const dir = join(root, 'original');
  mkdirSync(dir);
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { dir, now: () => clock.now });
  let entryId = '';
  for (let i = 0; i < 4; i++) entryId = (await h.post('intake', '/v1/complaints', templatedComplaint(i))).json().registry.entryId ?? entryId;
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'claim', reason: '审查' });
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'propose', reason: '提出' });
  await h.post('supervisor', `/v1/registry/entries/${entryId}/actions`, { action: 'approve_notice', reason: '同意' });
  await h.app.close();
  return { dir, entryId };
}

type Row = AuditContent & { seq: number; prevHash: string; hash: string; mac: string | null };

function rows(db: Database.Database): Row[] {
  return (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Record<string, unknown>>).map((r) => ({
    seq: r.seq as number,
    entityType: r.entity_type as string,
    entityId: r.entity_id as string,
    action: r.action as string,
    actor: r.actor as string,
    at: r.at as number,
    reason: r.reason as string | null,
    fromState: r.from_state as string | null,
    toState: r.to_state as string | null,
    data: r.data === null ? null : JSON.parse(r.data as string),
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
    mac: r.mac as string | null,
  }));
}

t.test('npm run audit:verify catches and names every rewrite of the registry’s history', async (t) => {
  const root = tempDir(t);
  const { dir, entryId } = await original(t, root);
  const anchors = readFileSync(join(dir, 'audit-anchors.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.match(anchors.at(-1), { seq: 4, hash: /^[0-9a-f]{64}$/, mac: /^[0-9a-f]{64}$/ }, 'the head was anchored outside the database');

  const intact = await verify(dir);
  t.equal(intact.code, 0, intact.out);
  t.match(intact.out, /intact: 4 record\(s\), 1 registry entry and \d+ anchor\(s\) verified/);
  const head = /Head: (\S+)/.exec(intact.out)![1];

  const tampered = (name: string, change: (db: Database.Database) => void) => {
    const copy = join(root, name);
    cpSync(dir, copy, { recursive: true });
    const db = new Database(join(copy, 'sieve.db'));
    change(db);
    db.close();
    return copy;
  };
  const sql = (text: string) => (db: Database.Database) => db.exec(text);

  const cases = {
    edited: tampered('edited', sql("UPDATE audit_log SET reason = '无异议' WHERE seq = 3")),
    deleted: tampered('deleted', sql('DELETE FROM audit_log WHERE seq = 2')),
    swapped: tampered(
      'swapped',
      sql('UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2;'),
    ),
    // The last record and its effect on the entry are undone together, so the entry agrees with
    // what is left: only the anchor remembers.
    truncated: tampered('truncated', sql(`DELETE FROM audit_log WHERE seq = 4; UPDATE registry_entries SET state = 'proposed', deadline = NULL`)),
    // The attacker knows the hashing scheme and recomputes every hash from the edit on.
    recomputed: tampered('recomputed', (db) => {
      let prev = '';
      for (const r of rows(db)) {
        if (r.seq < 3) {
          prev = r.hash;
          continue;
        }
        const content = { ...r, reason: r.seq === 3 ? '本人同意列入' : r.reason };
        const hash = auditHash(r.seq, prev, content);
        db.prepare('UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(content.reason, prev, hash, r.seq);
        prev = hash;
      }
    }),
    // A forged decision, correctly chained and hashed, with the entry changed to match it.
    forged: tampered('forged', (db) => {
      const last = rows(db).at(-1)!;
      const content: AuditContent = {
        entityType: 'registry_entry',
        entityId: entryId,
        action: 'decide:list',
        actor: 'sup-dan',
        at: last.at + 1000,
        reason: '列入',
        fromState: 'notified',
        toState: 'listed',
        data: { complainantId: (last.data as { complainantId: string }).complainantId, decision: 'list' },
      };
      const hash = auditHash(5, last.hash, content);
      db.prepare(
        `INSERT INTO audit_log (seq, entity_type, entity_id, action, actor, at, reason, from_state, to_state, data, prev_hash, hash, mac)
         VALUES (5, 'registry_entry', ?, 'decide:list', 'sup-dan', ?, '列入', 'notified', 'listed', ?, ?, ?, ?)`,
      ).run(entryId, content.at, JSON.stringify(content.data), last.hash, hash, 'ab'.repeat(32));
      db.prepare(`UPDATE registry_entries SET state = 'listed', decision = 'list' WHERE id = ?`).run(entryId);
    }),
    stateEdited: tampered('state-edited', sql(`UPDATE registry_entries SET state = 'listed'`)),
    unreadable: tampered('unreadable', sql(`UPDATE audit_log SET data = '{not json' WHERE seq = 2`)),
  };
  const results = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([name, copy]) => [name, await verify(copy)] as const)));
  for (const [name, result] of Object.entries(results)) {
    t.equal(result.code, 2, `${name}: exit code 2`);
    t.match(result.out, /Audit trail BROKEN: \d+ problem/, `${name}: reported as broken`);
  }
  t.match(results.edited.out, /record 3: its content does not match its hash \(the record was edited\)/);
  t.notMatch(results.edited.out, /record 4:/, 'only the edited record is named');
  t.match(results.deleted.out, /record 2: missing \(record 3 follows record 1\)/);
  t.match(results.swapped.out, /record 2: its previous-hash does not match/);
  t.match(results.swapped.out, /record 3: /);
  t.match(results.truncated.out, /anchor of \S+: record 4 is gone: the chain ends at record 3 \(records were removed\)/);
  t.match(results.recomputed.out, /record 3: it fails the audit key \(forged, or rewritten with a recomputed hash\)/);
  t.match(results.recomputed.out, /record 4: it fails the audit key/);
  t.match(results.forged.out, /record 5: it fails the audit key/);
  t.notMatch(results.forged.out, /entry r_/, 'the forged record and the entry agree; the key alone betrays it');
  t.match(
    results.stateEdited.out,
    new RegExp(`entry ${entryId}: its state is "listed" in the database but "notified" by its audit history \\(last record 4\\)`),
  );

  t.match(results.unreadable.out, /record 2: its content does not match its hash/, 'a damaged row is named, not a crash');

  const withAnchor = await verify(cases.truncated, '--anchor', head);
  t.match(withAnchor.out, /anchor of \S+: record 4 is gone/, 'a head kept by hand works as an anchor too');
});

t.test('a trail that fails at start refuses registry writes and says which command shows the damage', async (t) => {
  const root = tempDir(t);
  const { dir, entryId } = await original(t, root);
  const db = new Database(join(dir, 'sieve.db'));
  db.exec("UPDATE audit_log SET reason = '无异议' WHERE seq = 2");
  db.close();

  const h: TestApp = await buildTestApp(t, { dir, now: () => at('2026-06-02T09:00:00+08:00') });
  t.equal((await h.get(null, '/readyz')).statusCode, 200, 'reads are still served');
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}`)).statusCode, 200);
  const refused = await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'record_defence', reason: '申辩', defence: '自用' });
  t.equal(refused.statusCode, 503);
  t.equal(refused.json().error.code, 'AUDIT_CHAIN_BROKEN');
  t.match(refused.json().error.message, /record 2: its content does not match its hash.*npm run audit:verify/);
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json().state, 'notified', 'nothing was written');
  const ordinary = await h.post(
    'intake',
    '/v1/complaints',
    templatedComplaint(40, { complainant: { idNumber: undefined, phone: '13911112222', name: '王普通' } }),
  );
  t.equal(ordinary.statusCode, 201, 'a complaint that needs no registry write is still taken in');
  t.match((await h.get(null, '/metrics')).body, /sieve_audit_chain_intact 0/);
});

t.test('an installation from before audit keys is checked and sealed once; a record stripped of its key later is not', async (t) => {
  const root = tempDir(t);
  const { dir } = await original(t, root);
  const legacy = join(root, 'legacy');
  cpSync(dir, legacy, { recursive: true });
  rmSync(join(legacy, 'audit-anchors.log'));
  const db = new Database(join(legacy, 'sieve.db'));
  db.exec('UPDATE audit_log SET mac = NULL');
  db.close();
  t.equal((await verify(legacy)).code, 2, 'unsealed records do not pass');

  const h = await buildTestApp(t, { dir: legacy });
  t.match((await h.get(null, '/metrics')).body, /sieve_audit_chain_intact 1/);
  t.same(await h.auditProblems(), []);
  await h.app.close();
  t.equal((await verify(legacy)).code, 0, 'sealed at the first start');

  const stripped = join(root, 'stripped');
  cpSync(dir, stripped, { recursive: true });
  const db2 = new Database(join(stripped, 'sieve.db'));
  db2.exec('UPDATE audit_log SET mac = NULL WHERE seq = 4');
  db2.close();
  const h2 = await buildTestApp(t, { dir: stripped });
  t.match((await h2.get(null, '/metrics')).body, /sieve_audit_chain_intact 0/, 'anchored chains are never sealed again');
  const verified = await verify(stripped);
  t.match(verified.out, /record 4: it carries no authentication with the audit key/);
});
