/**
 * A pair of one person's complaints is counted once, however it was stored: on the later
 * complaint's row (filed after a merge, so already the same person) and again among the stored pairs
 * across the merged records, which the history also reads.
 */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { loadHistory } from '../../src/detection/history.js';
import { parseTime } from '../../src/shared/time.js';

t.test("a merged person's own near-duplicates are each counted once", async (t) => {
  const h = await buildTestApp(t);
  const byId = { complainant: { idNumber: residentId(901), phone: undefined } };
  const byAccount = { complainant: { idNumber: undefined, phone: undefined, accountId: 'taobao:merged-pairs' } };
  const a = (await h.post('intake', '/v1/complaints', templatedComplaint(0, byId))).json();
  const b = (await h.post('intake', '/v1/complaints', templatedComplaint(1, byAccount))).json();
  t.not(a.complainantId, b.complainantId, 'two records');
  t.equal((await h.post('reviewer', `/v1/complainants/${a.complainantId}/merge`, { otherId: b.complainantId, reason: '同一人' })).statusCode, 201);
  // Filed after the merge, under both records: each matches the person's earlier complaints.
  let last;
  for (let i = 2; i < 6; i++) last = (await h.post('intake', '/v1/complaints', templatedComplaint(i, i % 2 ? byAccount : byId))).json();
  t.equal(last.complainantId, a.complainantId, 'answered as the one person');

  const rs = await h.app.services.rules.active(h.app.store.read);
  const history = await loadHistory(h.app.store.read, a.complainantId, parseTime('2026-06-30T00:00:00+08:00')!, rs);
  const own = history.input.nearDuplicates.filter((p) => p.sameComplainant);
  const keys = own.map((p) => [p.complaintId, p.otherComplaintId].sort().join(' '));
  t.equal(history.input.complaints.length, 6, 'six complaints of one person');
  t.equal(own.length, 15, 'every two of the six templated complaints are a pair');
  t.equal(new Set(keys).size, keys.length, 'each pair once');

  const found = (await h.get('reviewer', `/v1/complainants/${a.complainantId}`)).json().assessment.findings;
  const self = found.find((f: { code: string }) => f.code === 'TEMPLATE_SELF');
  const shown = self.evidence.similarity.map((p: { complaintId: string; otherComplaintId: string }) => [p.complaintId, p.otherComplaintId].sort().join(' '));
  t.equal(new Set(shown).size, shown.length, 'no pair shown twice in the finding');
  t.equal(self.evidence.count, 6, 'all six complaints are the evidence');
});
