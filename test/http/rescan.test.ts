import t from 'tap';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, tempDir, type TestApp } from '../helpers/app.js';
import { complaint, residentId, templatedComplaint } from '../helpers/factories.js';
import { DEFAULT_RULE_SET } from '../../src/detection/rule-set.js';

async function finished(h: TestApp, id: string) {
  await h.app.services.rescans.idle();
  const res = await h.get('admin', `/v1/rescans/${id}`);
  return res.json();
}

async function rescan(h: TestApp, body: object) {
  const res = await h.post('admin', '/v1/rescans', body);
  if (res.statusCode !== 202) throw new Error(res.body);
  return finished(h, res.json().id);
}

/** A professional (flagged), a person with two profit complaints (below review under v1), an ordinary consumer. */
async function seed(h: TestApp) {
  for (let i = 0; i < 4; i++) await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(700) } }));
  for (let i = 0; i < 2; i++)
    await h.post('intake', '/v1/complaints', templatedComplaint(i + 10, { complainant: { idNumber: residentId(701), phone: '13611110000' } }));
  await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(702), phone: '13622220000' } }));
}

function counts(dir: string) {
  const db = new Database(join(dir, 'sieve.db'), { readonly: true });
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const result = {
    assessments: n('assessments'),
    entries: n('registry_entries'),
    audit: n('audit_log'),
    allowlist: n('allowlist'),
    rescanItems: n('rescan_items'),
  };
  db.close();
  return result;
}

t.test('a dry run writes nothing but its own record, and two runs agree', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_RESCAN_WORKERS: '1' } });
  await seed(h);
  const before = counts(h.dir);
  const first = await rescan(h, { dryRun: true });
  t.equal(first.state, 'done');
  t.same(first.progress, { done: 3, total: 3 });
  t.equal(first.ruleSetVersion, DEFAULT_RULE_SET.version);
  t.match(first.diff.summary, /dry run: nothing written/);
  t.same(counts(h.dir), before, 'no assessment, entry, audit or allow-list record was written, and no item was left behind');
  const second = await rescan(h, { dryRun: true, asOf: first.asOf });
  t.same(second.diff, first.diff, 'deterministic: same data and rules, same result');
});

/** Niceness of each thread of this process, read from /proc (Linux). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

t.test(
  'rescan worker threads give way to intake: lower priority on Linux, the service thread unchanged',
  { skip: process.platform !== 'linux' && 'Linux only' },
  async (t) => {
    const h = await buildTestApp(t, { env: { SIEVE_RESCAN_WORKERS: '2' } });
    await seed(h);
    t.notOk(threadNiceness().includes(10), 'no thread at niceness 10 before the first rescan');
    t.equal((await rescan(h, { dryRun: true })).state, 'done');
    // Three complainants are one batch: the other worker may still be starting when the run ends.
    for (let i = 0; i < 100 && threadNiceness().filter((n) => n === 10).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    t.equal(threadNiceness().filter((n) => n === 10).length, 2, 'the two worker threads run at niceness 10');
    t.equal(getPriority(), 0, 'the thread answering requests keeps the normal priority');
  },
);

t.test("a rescan's before side: the codes intake and rescans keep on each record are the current assessment's", async (t) => {
  const h = await buildTestApp(t);
  await seed(h);
  const check = async (when: string) => {
    const records = await h.app.store.read.identity.findMany(await h.app.store.read.identity.rootIds('', 100));
    t.equal(records.length, 3, when);
    for (const r of records) {
      const stored = await h.app.store.read.assessments.get(r.assessmentSeq!);
      t.same(
        r.assessmentCodes,
        stored!.findings.map((f) => f.code),
        `${when}: ${r.id}`,
      );
    }
    t.ok(
      records.some((r) => r.assessmentCodes!.length > 0),
      `${when}: some findings to compare`,
    );
  };
  await check('after intake');
  await rescan(h, {});
  await check('after an applied rescan');
});

t.test('what would a new rule set change? — answered before activating it', async (t) => {
  const h = await buildTestApp(t);
  await seed(h);
  const v2 = structuredClone(DEFAULT_RULE_SET) as Record<string, unknown> & typeof DEFAULT_RULE_SET;
  v2.version = 'trial';
  v2.description = 'Review from two profit complaints.';
  v2.review = { ...v2.review, profitComplaints: 2 };
  v2.levels = { watch: 20 };
  t.equal((await h.post('admin', '/v1/rules', v2)).statusCode, 201);
  t.equal((await h.post('admin', '/v1/rules', v2)).json().error.code, 'VERSION_EXISTS');
  const bad = await h.post('admin', '/v1/rules', { ...v2, version: 'trial-bad', levels: { watch: 90, review: 10 } });
  t.equal(bad.statusCode, 400);
  const rules = (await h.get('admin', '/v1/rules')).json();
  t.equal(rules.active, DEFAULT_RULE_SET.version, 'storing a version never activates it');
  t.match(
    rules.versions.find((v: { version: string }) => v.version === 'trial'),
    { createdBy: 'admin', createdAt: /\+08:00$/ },
  );

  const diff = (await rescan(h, { dryRun: true, ruleSet: 'trial' })).diff;
  t.equal(diff.newlyFlagged.length, 1, 'one more person would be flagged');
  t.equal(diff.counts.newlyFlagged, 1);
  t.ok(diff.byIndicator.PUNITIVE_DEMAND.after >= 2);
  t.equal(diff.examples[0].complainantId, diff.newlyFlagged[0].complainantId);
  t.ok(diff.examples[0].after.findings.length > 0, 'examples carry their findings');
  t.equal((await h.get('reviewer', '/v1/registry/entries')).json().items.length, 1, 'still only the entry from intake');

  const inline = (await rescan(h, { dryRun: true, ruleSet: { ...v2, version: 'trial-draft' } })).diff;
  t.same(inline.newlyFlagged, diff.newlyFlagged, 'an unstored rule set can be tried too');
  t.equal((await h.post('admin', '/v1/rescans', { ruleSet: { version: 'x' } })).statusCode, 400);
  t.equal((await h.post('admin', '/v1/rescans', { ruleSet: 'v9' })).statusCode, 404);

  t.equal((await h.post('admin', '/v1/rules/trial/activate', { reason: '试行' })).statusCode, 200);
  const applied = await rescan(h, {});
  t.equal(applied.diff.newlyFlagged.length, 1);
  t.equal((await h.get('reviewer', '/v1/registry/entries?state=flagged')).json().items.length, 2, 'the newly flagged person has an entry now');
  t.equal((await h.get('reviewer', '/v1/complainants?level=review')).json().items.length, 2);
});

t.test('human decisions stand: dismissed and allow-listed are not re-flagged, listed stays listed', async (t) => {
  const h = await buildTestApp(t);
  await seed(h);
  const entry = (await h.get('reviewer', '/v1/registry/entries')).json().items[0];
  await h.post('reviewer', `/v1/registry/entries/${entry.id}/actions`, { action: 'dismiss', reason: '经核实属正常维权' });
  const other = (await h.post('intake', '/v1/complaints', templatedComplaint(20, { complainant: { idNumber: residentId(703) } }))).json();
  await h.post('reviewer', '/v1/allowlist', { complainantId: other.complainantId, reason: '消协工作人员', expiresAt: '2099-01-01T00:00:00+08:00' });
  for (let i = 21; i < 24; i++) await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(703) } }));

  const result = await rescan(h, {});
  t.same(result.diff.newlyFlagged, [], 'the same evidence flags nobody again');
  const entries = (await h.get('reviewer', '/v1/registry/entries')).json().items;
  t.same(
    entries.map((e: { state: string }) => e.state),
    ['dismissed'],
  );
  const profile = (await h.get('reviewer', `/v1/complainants/${entry.complainantId}`)).json();
  t.equal(profile.assessment.source, 'rescan', 'the rescan is the current assessment');
  t.equal(profile.registryState, 'dismissed');

  // Applied as of an earlier time, the evaluation sees the registry before these decisions; the
  // write still answers to the registry as it stands now.
  const backdated = await rescan(h, { asOf: '2026-06-30T00:00:00+08:00' });
  t.equal(backdated.diff.counts.evaluated, 4);
  t.same(backdated.diff.newlyFlagged, [], 'decisions taken after the as-of time stand too');
  const after = (await h.get('reviewer', '/v1/registry/entries')).json().items;
  t.same(
    after.map((e: { state: string }) => e.state),
    ['dismissed'],
    'no entry was opened',
  );
  t.same(await h.auditProblems(), [], 'flags from intake, a dismissal and applied rescans leave a trail the entries agree with');
});

t.test('an as-of backtest sees only what was received and decided by then', async (t) => {
  const h = await buildTestApp(t);
  await seed(h);
  const early = await rescan(h, { dryRun: true, asOf: '2026-05-03T12:00:00+08:00' });
  t.equal(early.asOf, '2026-05-03T12:00:00+08:00');
  t.same(early.diff.newlyFlagged, [], 'two complaints by then: not yet at review');
  t.equal(early.diff.counts.noLongerReview, 1, 'the professional was not at review then');
  // The entry was recorded today, after this instant: as the registry stood then, nobody was flagged.
  const later = await rescan(h, { dryRun: true, asOf: '2026-06-30T00:00:00+08:00' });
  t.equal(later.diff.newlyFlagged.length, 1, 'the registry as recorded by then had no entry');
  const now = await rescan(h, { dryRun: true });
  t.same(now.diff.newlyFlagged, [], 'today the open entry stands in the way of a new flag');
});

t.test('shutting down stops a running rescan after its current write batch; the next start finishes it', async (t) => {
  const dir = tempDir(t);
  let h = await buildTestApp(t, { dir });
  const items = Array.from({ length: 120 }, (_, i) => complaint({ complainant: { idNumber: residentId(300 + i) } }));
  t.equal((await h.post('intake', '/v1/complaints/batch', { items })).statusCode, 200);
  const res = await h.post('admin', '/v1/rescans', { asOf: '2026-07-01T00:00:00+08:00' });
  t.equal(res.statusCode, 202);
  const { id } = res.json();
  // Closing right away: an applied run writes in batches of 50, so it stops after the first.
  await h.app.close();
  const db = new Database(join(dir, 'sieve.db'), { readonly: true });
  const stopped = db.prepare('SELECT state, progress_done AS done, progress_total AS total FROM rescans WHERE id = ?').get(id) as {
    state: string;
    done: number;
    total: number;
  };
  db.close();
  t.equal(stopped.state, 'running', 'left to resume, not failed');
  t.ok(stopped.done > 0 && stopped.done < stopped.total, `stopped part way (${stopped.done} of ${stopped.total})`);
  h = await buildTestApp(t, { dir });
  const resumed = await finished(h, id);
  t.equal(resumed.state, 'done');
  t.same(resumed.progress, { done: 120, total: 120 });
  t.equal(resumed.diff.counts.evaluated, 120, 'everyone evaluated once');
});

t.test('an interrupted rescan resumes where it stopped: what it had written counts, the rest is evaluated', async (t) => {
  const dir = tempDir(t);
  let h = await buildTestApp(t, { dir });
  await seed(h);
  const clean = await rescan(h, { dryRun: true, asOf: '2026-07-01T00:00:00+08:00' });
  const interrupted = await rescan(h, { dryRun: true, asOf: '2026-07-01T00:00:00+08:00' });
  await h.app.close();
  t.equal(counts(dir).rescanItems, 0, 'a finished run leaves no items behind');
  // As if the process died after its first result: state running, one complainant's item written.
  // The item is marked (a before score no evaluation gives) to show it is counted, not redone.
  const db = new Database(join(dir, 'sieve.db'));
  db.prepare("UPDATE rescans SET state = 'running', diff = NULL, finished_at = NULL WHERE id = ?").run(interrupted.id);
  const first = (db.prepare('SELECT min(id) AS id FROM complainants').get() as { id: string }).id;
  db.prepare(
    `INSERT INTO rescan_items (rescan_id, complainant_id, before_level, before_score, after_level, after_score, findings, outcome)
     VALUES (?, ?, 'review', 77, 'none', 0, '{"codes":[],"beforeCodes":[]}', 'below_review')`,
  ).run(interrupted.id, first);
  db.close();
  h = await buildTestApp(t, { dir });
  const resumed = await finished(h, interrupted.id);
  t.equal(resumed.state, 'done');
  t.same(resumed.progress, { done: 3, total: 3 });
  t.equal(resumed.diff.counts.evaluated, clean.diff.counts.evaluated);
  t.ok(
    resumed.diff.noLongerReview.some((d: { complainantId: string; before: { score: number } }) => d.complainantId === first && d.before.score === 77),
    'the complainant done before the crash was not evaluated again',
  );
  t.same(
    resumed.diff.newlyFlagged,
    clean.diff.newlyFlagged.filter((f: { complainantId: string }) => f.complainantId !== first),
    'the others were evaluated as in an uninterrupted run',
  );
  t.equal(counts(dir).rescanItems, 0, 'and its items are gone once it is done');
});

t.test('scheduled runs: expiry and a rescan one interval after start, never at start', async (t) => {
  const clock = { now: Date.parse('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: { SIEVE_SCHEDULE_INTERVAL: '1' } });
  await seed(h);
  const entry = (await h.get('reviewer', '/v1/registry/entries')).json().items[0];
  const act = (as: 'reviewer' | 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${entry.id}/actions`, body);
  await act('reviewer', { action: 'claim', reason: 'x' });
  await act('reviewer', { action: 'propose', reason: 'x' });
  await act('supervisor', { action: 'approve_notice', reason: 'x' });
  await act('reviewer', { action: 'record_defence', reason: 'x', defence: '无' });
  await act('supervisor2', { action: 'decide', decision: 'list', reason: '申辩不成立' });
  t.equal(
    (await h.get('admin', '/v1/audit?limit=500')).json().items.filter((a: { entityType: string }) => a.entityType === 'rescan').length,
    0,
    'nothing ran at start',
  );
  clock.now = Date.parse('2027-06-02T09:00:00+08:00');
  await new Promise((r) => setTimeout(r, 1500));
  await h.app.services.rescans.idle();
  const listed = (await h.get('reviewer', `/v1/registry/entries/${entry.id}`)).json();
  t.equal(listed.state, 'removed', 'the expired listing was removed by the scheduled run');
  t.equal(listed.history.at(-1).actor, 'system');
  const rescans = (await h.get('admin', '/v1/audit?limit=500')).json().items.filter((a: { entityType: string }) => a.entityType === 'rescan');
  t.ok(rescans.length >= 1, 'a scheduled rescan was queued');
  t.equal((await h.get('admin', `/v1/rescans/${rescans[0].entityId}`)).json().state, 'done');
});

t.test('npm run rescan: a dry run from the command line prints the summary', async (t) => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const dir = tempDir(t);
  const h = await buildTestApp(t, { dir });
  await seed(h);
  await h.app.close();
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/rescan.ts', '--dry-run'], {
    // The default worker thread: the CLI runs from TypeScript source, whose loader the thread must get.
    env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '', SIEVE_RESCAN_WORKERS: '1' },
  });
  t.match(stdout, new RegExp(`Rule set ${DEFAULT_RULE_SET.version} as of .* \\(dry run: nothing written\\): 3 complainants evaluated`));
  const bad = await promisify(execFile)('npx', ['tsx', 'scripts/rescan.ts', '--rule-set', 'v9'], {
    env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: '' },
  }).catch((e) => e);
  t.equal(bad.code, 1, 'a failure exits non-zero');
  t.match(bad.stderr, /Rule set v9 was not found/);
});
