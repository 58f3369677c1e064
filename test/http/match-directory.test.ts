/**
 * Intake classifies near-duplicates from memory (detection/match-directory.ts): who filed each
 * matched complaint and when, and whose root that record is. Roots change when a reviewer merges
 * or unmerges records — through this service or another process on the same database — and the
 * answers and stored pairs must follow at once.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';

type Similar = { complaintId: string; sameComplainant: boolean };

async function file(h: TestApp, i: number, idSerial: number) {
  const res = await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(idSerial), phone: `1360000${idSerial}` } }));
  if (res.statusCode !== 201) throw new Error(`intake ${res.statusCode}: ${res.body}`);
  return res.json() as { id: string; complainantId: string; assessment: { similar: Similar[] } };
}

/** How the answer names the given earlier complaint: same complainant or not (undefined: not shown). */
const sameAs = (answer: { assessment: { similar: Similar[] } }, complaintId: string) =>
  answer.assessment.similar.find((s) => s.complaintId === complaintId)?.sameComplainant;

t.test('matches follow merges and unmerges made by this service', async (t) => {
  const h = await buildTestApp(t);
  const x = await file(h, 0, 701);
  const y = await file(h, 1, 702);
  t.equal(sameAs(y, x.id), false, 'two people filing one template are not one complainant');

  const merged = await h.post('reviewer', `/v1/complainants/${y.complainantId}/merge`, { otherId: x.complainantId, reason: '同一人使用两个身份' });
  t.equal(merged.statusCode, 201);
  const afterMerge = await file(h, 2, 702);
  t.equal(sameAs(afterMerge, x.id), true, "after the merge the other record's complaint is the same complainant's");
  t.equal(sameAs(afterMerge, y.id), true);

  const undone = await h.post('reviewer', `/v1/complainants/${y.complainantId}/unmerge`, { mergeId: merged.json().mergeId, reason: '核实后不是同一人' });
  t.equal(undone.statusCode, 200);
  const afterUndo = await file(h, 3, 702);
  t.equal(sameAs(afterUndo, x.id), false, 'after the unmerge it is another person again');
  t.equal(sameAs(afterUndo, y.id), true);
});

t.test('matches follow a merge committed by another process on the same database', async (t) => {
  const h = await buildTestApp(t);
  const x = await file(h, 0, 711);
  const y = await file(h, 1, 712);
  t.equal(sameAs(y, x.id), false);
  // Warm: the roots of both records are now held by the service.
  t.equal(sameAs(await file(h, 2, 712), x.id), false);

  // Another process merges the two records directly in the database (as a second instance would,
  // through its own connection), recording the merge as the service does.
  const other = new Database(join(h.dir, 'sieve.db'));
  t.teardown(() => other.close());
  other.pragma('busy_timeout = 5000');
  other.transaction(() => {
    other.prepare('UPDATE complainants SET merged_into = ? WHERE id = ?').run(y.complainantId, x.complainantId);
    other
      .prepare("INSERT INTO merges (id, kept_id, other_id, moved, reason, actor, at) VALUES ('m_other', ?, ?, ?, '同一人', 'rev-other', 0)")
      .run(y.complainantId, x.complainantId, JSON.stringify([{ id: x.complainantId, previous: null }]));
  })();
  t.equal(sameAs(await file(h, 3, 712), x.id), true, "the other process's merge is seen by the next intake");

  other.transaction(() => {
    other.prepare('UPDATE complainants SET merged_into = NULL WHERE id = ?').run(x.complainantId);
    other.prepare("UPDATE merges SET undone_at = 1, undone_by = 'rev-other', undo_reason = '不是同一人' WHERE id = 'm_other'").run();
  })();
  t.equal(sameAs(await file(h, 4, 712), x.id), false, 'and so is its undoing');
});
