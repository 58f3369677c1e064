import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';

/** A complainant flagged at intake: four templated complaints from one person. */
async function flagged(h: TestApp): Promise<{ complainantId: string; entryId: string }> {
  let last;
  for (let i = 0; i < 4; i++)
    last = await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(901), phone: '13900002222' } }));
  const { complainantId, registry } = last!.json();
  return { complainantId, entryId: registry.entryId };
}

/**
 * Makes the registry and the reviewer reads hand the HTTP layer more than their views: internal
 * columns beside the entry, inside its evidence bundle and its findings, beside the profile and on
 * each of its identifiers — what a handler returning a stored record instead of its view would do.
 */
function leakInternals(h: TestApp): void {
  const { registry, complainants } = h.app.services;
  const get = registry.get;
  registry.get = async (id, principal) => {
    const e = await get(id, principal);
    const evidence = e.evidence && {
      ...e.evidence,
      internalNote: 'frozen by the batch job',
      findings: e.evidence.findings.map((f) => ({ ...f, storageSeq: 41, evidence: { ...f.evidence, keyHash: 'k'.repeat(64) } })),
    };
    return { ...e, noticeHtml: '<p>draft</p>', closedSeq: 7, evidence };
  };
  const profile = complainants.profile;
  complainants.profile = async (id) => {
    const p = await profile(id);
    return { ...p, assessmentSeq: 3, identifiers: p.identifiers.map((i) => ({ ...i, keyHash: 'k'.repeat(64), raw: '13900002222' })) };
  };
}

t.test('a field no response schema names never goes out, at any depth', async (t) => {
  // As in production: no response check, only the serialiser.
  const h = await buildTestApp(t, { checkResponses: false });
  const { complainantId, entryId } = await flagged(h);
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'claim', reason: '审查' });
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'propose', reason: '索赔', measures: ['priority_identity_check'] });
  const entryUrl = `/v1/registry/entries/${entryId}`;
  const profileUrl = `/v1/complainants/${complainantId}`;
  const clean = { entry: await h.get('reviewer', entryUrl), profile: await h.get('reviewer', profileUrl) };
  t.ok(clean.entry.json().evidence.findings.length > 0, 'the entry carries its evidence bundle with findings');

  leakInternals(h);
  const entry = await h.get('reviewer', entryUrl);
  const profile = await h.get('reviewer', profileUrl);
  t.equal(entry.statusCode, 200);
  t.equal(profile.statusCode, 200);
  for (const secret of ['noticeHtml', 'closedSeq', 'internalNote', 'storageSeq', 'keyHash']) t.notMatch(entry.body, secret, `no ${secret} in the entry`);
  for (const secret of ['assessmentSeq', 'keyHash', '13900002222']) t.notMatch(profile.body, secret, `no ${secret} in the profile`);
  t.same(entry.json(), clean.entry.json(), 'the entry is answered exactly as without the internal fields');
  t.same(profile.json(), clean.profile.json(), 'and so is the profile');
});

t.test('with the response check on (the test harness), an answer its schema does not describe fails loudly', async (t) => {
  const h = await buildTestApp(t);
  const { entryId } = await flagged(h);
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}`)).statusCode, 200, 'a described answer passes');
  leakInternals(h);
  const res = await h.get('reviewer', `/v1/registry/entries/${entryId}`);
  t.equal(res.statusCode, 500, 'a field the schema would drop is a failure, not a silent loss');
  t.equal(res.json().error.code, 'INTERNAL');
});
