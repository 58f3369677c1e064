/**
 * Held rows do not keep what only evidence bundles read (a complaint's external id and text hash):
 * a history read from profiles refuses to give them, with a message saying where to read them, and
 * one read from the database has them.
 */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { templatedComplaint } from '../helpers/factories.js';
import { loadHistory } from '../../src/detection/history.js';

t.test('a history read from profiles has no evidence fields; one read from the database has them', async (t) => {
  const h = await buildTestApp(t, { now: () => Date.parse('2026-06-01T09:00:00+08:00') });
  let complainantId = '';
  const externalIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const body = templatedComplaint(i) as { externalId: string };
    const res = await h.post('intake', '/v1/complaints', body);
    t.equal(res.statusCode, 201);
    complainantId = res.json().complainantId;
    externalIds.push(body.externalId);
  }
  const asOf = Date.parse('2026-05-30T10:00:00+08:00');
  await h.app.store.write(async (tx) => {
    const rs = await h.app.services.rules.active(tx);
    const held = await loadHistory(tx, complainantId, asOf, rs, await h.app.services.detection.historySource(tx));
    t.equal(held.complaints.length, 3, 'the profile holds the three complaints');
    t.throws(() => held.textHashes, /textHash is not held in profiles; read an evidence bundle's history from the database/);
    t.throws(() => held.externalIds, /externalId is not held in profiles/);
    const read = await loadHistory(tx, complainantId, asOf, rs);
    t.strictSame([...read.externalIds.values()].sort(), [...externalIds].sort(), 'the database gives each external id');
    t.ok(
      [...read.textHashes.values()].every((hash) => /^[0-9a-f]{64}$/.test(hash)),
      'and each text hash',
    );
    t.strictSame(held.input, read.input, 'otherwise both answer alike');
  });
});
