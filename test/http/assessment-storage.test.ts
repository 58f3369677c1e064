/**
 * An assessment is stored only when it says something the complainant's current one does not
 * (issue 14): an intake or event that changes nothing stores no row, the complainant's "as of"
 * still moves on, and every answer — first and replayed — is the one a stored row would give.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { buildTestApp } from '../helpers/app.js';
import { complaint, residentId } from '../helpers/factories.js';

function rows(dir: string): Array<{ seq: number; as_of: number; source: string }> {
  const db = new Database(`${dir}/sieve.db`, { readonly: true });
  try {
    return db.prepare('SELECT seq, as_of, source FROM assessments ORDER BY seq').all() as Array<{ seq: number; as_of: number; source: string }>;
  } finally {
    db.close();
  }
}

t.test('an assessment saying nothing new is not stored again; answers and replays are unchanged', async (t) => {
  const h = await buildTestApp(t);
  const person = { name: '王五', idNumber: residentId(811) };
  const first = complaint({ complainant: person, receivedAt: '2026-03-01T10:00:00+08:00' });
  const a = await h.post('intake', '/v1/complaints', first);
  t.equal(a.statusCode, 201);
  t.equal(rows(h.dir).length, 1, 'the first assessment is stored');

  // An information request is not a complaint or report: the counts, findings and level stay.
  const ask = complaint({ complainant: person, kind: 'information_request', receivedAt: '2026-03-02T10:00:00+08:00' });
  const b = await h.post('intake', '/v1/complaints', ask);
  t.equal(b.statusCode, 201);
  t.equal(rows(h.dir).length, 1, 'an unchanged assessment adds no row');
  t.equal(b.json().assessment.asOf, '2026-03-02T10:00:00+08:00', 'the answer is as of its own complaint');
  const said = (x: { assessment: Record<string, unknown> }) => ({ ...x.assessment, asOf: undefined, similar: undefined });
  t.strictSame(said(b.json()), said(a.json()), 'and says what the stored one says');

  const profile = (await h.get('reviewer', `/v1/complainants/${a.json().complainantId}`)).json();
  t.equal(profile.assessment.asOf, '2026-03-01T10:00:00+08:00', 'the stored assessment keeps its own instant');
  const queue = (await h.get('reviewer', '/v1/complainants?level=none')).json();
  const item = queue.items.find((i: { id: string }) => i.id === a.json().complainantId);
  t.equal(item.asOf, '2026-03-02T10:00:00+08:00', "the complainant's standing is as of the newest complaint");

  const replayB = await h.post('intake', '/v1/complaints', ask);
  t.equal(replayB.statusCode, 200);
  t.strictSame(replayB.json(), b.json(), 'a replay of the unstored one answers exactly as first answered');
  const replayA = await h.post('intake', '/v1/complaints', first);
  t.strictSame(replayA.json(), a.json(), 'and so does a replay of the first');

  // An event that changes nothing stores nothing either.
  const ev = await h.post('intake', `/v1/complaints/${a.json().id}/events`, { type: 'settled', at: '2026-03-03T10:00:00+08:00' });
  t.equal(ev.statusCode, 201);
  t.equal(rows(h.dir).length, 1, 'an event that changes nothing adds no row');

  // A second complaint changes the counts: stored.
  const c = await h.post('intake', '/v1/complaints', complaint({ complainant: person, receivedAt: '2026-03-04T10:00:00+08:00' }));
  t.equal(c.statusCode, 201);
  const stored = rows(h.dir);
  t.equal(stored.length, 2, 'a changed assessment is stored');
  t.equal(stored[1].as_of, Date.parse('2026-03-04T10:00:00+08:00'));
});
