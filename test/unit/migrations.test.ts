/**
 * Upgrading a database written by an earlier version: migrations after the first change stored
 * rows, so they are tested on rows stored before them, not only on an empty database.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';
import { tempDir } from '../helpers/app.js';
import { migrationsUpTo } from '../helpers/migrations.js';

t.test('0002 gives events stored before it their complainant, so detection reads them by complainant', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(dir, '0001_detection_reads') });
  const complaint = old.prepare(
    `INSERT INTO complaints (id, external_id, content_hash, complainant_id, kind, received_at, respondent_name, text_hash, facts,
       self_matches, created_at, text_normalised, result, text)
     VALUES (?, ?, 'h', ?, 'complaint', ?, '某店', 't', '{}', '[]', 0, 'n', '{}', 'x')`,
  );
  complaint.run('c_a1', 'x-a1', 'p_a', 1_000);
  complaint.run('c_a2', 'x-a2', 'p_a', 2_000);
  complaint.run('c_b1', 'x-b1', 'p_b', 1_500);
  const event = old.prepare(`INSERT INTO events (id, complaint_id, type, at, amount, amount_key, created_at) VALUES (?, ?, ?, ?, NULL, -1, 0)`);
  event.run('e_1', 'c_a1', 'settled', 1_100);
  event.run('e_2', 'c_b1', 'upheld', 1_600);
  event.run('e_3', 'c_a2', 'withdrawn', 2_100);
  old.close();

  const store = createSqliteStore(openSqlite({ path }));
  t.teardown(() => store.close());
  const ofA = await store.read.complaints.eventsOfComplainants(['p_a'], 10_000);
  t.same(
    ofA.map((e) => [e.id, e.complaintId, e.type]),
    [
      ['e_1', 'c_a1', 'settled'],
      ['e_3', 'c_a2', 'withdrawn'],
    ],
    "p_a's events, oldest first, none of p_b's",
  );
  t.same(
    (await store.read.complaints.eventsOfComplainants(['p_a', 'p_b'], 2_000)).map((e) => e.id),
    ['e_1', 'e_2'],
    'only those dated at or before the limit',
  );
});

t.test('0003: a rescan reads "before" codes from the record, or from the assessment for records assessed before it', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(dir, '0002_events_by_complainant') });
  const findings = [{ code: 'BURST' }, { code: 'TEMPLATE_SELF' }];
  const seq = old
    .prepare(
      `INSERT INTO assessments (complainant_id, as_of, rule_set_version, score, level, findings, counts, source, source_id, created_at)
       VALUES ('p_old', 1, 'v1', 40, 'watch', ?, '{"d30":0,"d365":0}', 'intake', 'c_1', 1) RETURNING seq`,
    )
    .pluck()
    .get(deflateRawSync(JSON.stringify(findings))) as number;
  const record = old.prepare(
    `INSERT INTO complainants (id, key_type, key_hash, created_at, assessment_seq, assessed_as_of, score, level) VALUES (?, 'id', ?, 0, ?, 1, ?, ?)`,
  );
  record.run('p_old', 'k1', seq, 40, 'watch');
  record.run('p_never', 'k2', null, 0, 'none');
  old.close();

  const store = createSqliteStore(openSqlite({ path }));
  t.teardown(() => store.close());
  await store.write(async (tx) => {
    const newSeq = await tx.assessments.insert({
      complainantId: 'p_new',
      asOf: 2,
      ruleSetVersion: 'v1',
      score: 70,
      level: 'review',
      findings: [],
      counts: { d30: 0, d365: 0 },
      source: 'intake',
      sourceId: 'c_2',
      createdAt: 2,
    });
    await tx.identity.create({ id: 'p_new', keyType: 'id', keyHash: 'k3', idType: null, name: null, createdAt: 2 });
    await tx.identity.offerAssessment('p_new', { seq: newSeq, asOf: 2, score: 70, level: 'review', codes: ['PUNITIVE_DEMAND'] });
  });
  const current = await store.read.assessments.currentCodes(['p_old', 'p_new', 'p_never']);
  t.same(
    current.sort((a, b) => a.complainantId.localeCompare(b.complainantId)),
    [
      { complainantId: 'p_new', level: 'review', score: 70, codes: ['PUNITIVE_DEMAND'] },
      { complainantId: 'p_old', level: 'watch', score: 40, codes: ['BURST', 'TEMPLATE_SELF'] },
    ],
    'codes kept on the record; the stored findings where the record has none; nothing for the never assessed',
  );
});
