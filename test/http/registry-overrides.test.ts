import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { complaint, templatedComplaint, residentId } from '../helpers/factories.js';

async function profitSeries(h: TestApp, idNumber: string, n = 4, extra: Record<string, unknown> = {}) {
  let last;
  for (let i = 0; i < n; i++)
    last = (
      await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber, phone: `1390000${String(i).padStart(4, '0')}`, ...extra } }))
    ).json();
  return last;
}

t.test('allow-listed complainants are not flagged until the entry is revoked', async (t) => {
  const h = await buildTestApp(t);
  const first = (await h.post('intake', '/v1/complaints', templatedComplaint(0, { complainant: { idNumber: residentId(600) } }))).json();
  const allow = await h.post('reviewer', '/v1/allowlist', {
    complainantId: first.complainantId,
    reason: '消费者协会工作人员代为投诉',
    expiresAt: '2099-01-01T00:00:00+08:00',
  });
  t.equal(allow.statusCode, 201);
  t.match(allow.json(), { id: /^a_/, complainantId: first.complainantId, createdBy: 'rev-alice' });
  const past = await h.post('reviewer', '/v1/allowlist', { complainantId: first.complainantId, reason: 'x', expiresAt: '2000-01-01T00:00:00+08:00' });
  t.equal(past.statusCode, 400, 'an expiry in the past is refused');
  const more = await profitSeries(h, residentId(600), 4);
  t.equal(more.assessment.level, 'review');
  t.equal(more.registry.state, 'none', 'the allow-list suppresses the automatic flag');
  t.equal((await h.get('reviewer', '/v1/allowlist')).json().items.length, 1);
  const revoked = await h.req('reviewer', { method: 'DELETE', url: `/v1/allowlist/${allow.json().id}` });
  t.equal(revoked.statusCode, 200);
  t.ok(revoked.json().revokedAt);
  t.equal((await h.req('reviewer', { method: 'DELETE', url: `/v1/allowlist/${allow.json().id}` })).statusCode, 409);
  const after = (await h.post('intake', '/v1/complaints', templatedComplaint(7, { complainant: { idNumber: residentId(600) } }))).json();
  t.equal(after.registry.state, 'flagged');
});

t.test('manual proposals', async (t) => {
  const h = await buildTestApp(t);
  t.equal((await h.post('reviewer', '/v1/registry/entries', { complainantId: 'p_nobody', reason: 'x' })).statusCode, 404);
  const quiet = (await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(601) } }))).json();
  const res = await h.post('reviewer', '/v1/registry/entries', {
    complainantId: quiet.complainantId,
    reason: '群众举报其以投诉相要挟',
    measures: ['merged_handling'],
  });
  t.equal(res.statusCode, 201, 'accepted whatever the level');
  t.match(res.json(), { state: 'proposed', measures: ['merged_handling'], evidence: { findings: [] } });
  t.equal(res.json().evidence.complaints.length, 1, 'the bundle freezes their complaints');
  t.equal((await h.post('reviewer', '/v1/registry/entries', { complainantId: quiet.complainantId, reason: 'again' })).json().error.code, 'ENTRY_OPEN');
});

t.test('lookup, export and the own file show masked identifiers only', async (t) => {
  const h = await buildTestApp(t);
  const idNumber = residentId(602);
  const last = await profitSeries(h, idNumber, 4, { phone: '13655556666' });
  const entryId = last.registry.entryId;
  const act = (as: 'reviewer' | 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);
  const lookup = (body: object) => h.post('intake', '/v1/registry/lookup', body);

  t.same((await lookup({ idNumber })).json(), { listed: false, entries: [] }, 'flagged is not visible to lookups');
  await act('reviewer', { action: 'claim', reason: 'x' });
  await act('reviewer', { action: 'propose', reason: 'x' });
  await act('supervisor', { action: 'approve_notice', reason: 'x' });
  const notified = (await lookup({ idNumber })).json();
  t.equal(notified.listed, false);
  t.same(notified.entries, [{ entryId, state: 'notified', matchedBy: ['idNumber'] }]);
  await act('reviewer', { action: 'record_defence', reason: 'x', defence: '无' });
  await act('supervisor2', { action: 'decide', decision: 'list', reason: '申辩理由不成立' });

  const byId = (await lookup({ idNumber: idNumber.toLowerCase() })).json();
  t.equal(byId.listed, true);
  t.match(byId.entries[0], { entryId, state: 'listed', measures: ['priority_identity_check'] });
  t.equal((await lookup({ phone: '+86 136-5555-6666' })).json().listed, true, 'by any phone they used, in any notation');
  t.same((await lookup({ phone: '13000000000' })).json(), { listed: false, entries: [] });
  t.equal((await lookup({ idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}` })).statusCode, 400, 'a failing check digit');
  t.equal((await lookup({})).statusCode, 400, 'no identifier');
  t.equal((await h.post('reviewer', '/v1/registry/lookup', { idNumber })).statusCode, 200, 'all roles may look up');

  const json = await h.get('reviewer', '/v1/registry/export?format=json');
  const csv = await h.get('reviewer', '/v1/registry/export?format=csv');
  t.match(csv.headers['content-type'], /text\/csv/);
  for (const body of [json.body, csv.body]) {
    t.notOk(body.includes(idNumber), 'no raw ID number');
    t.notOk(body.includes('13655556666'), 'no raw phone');
    t.notOk(body.includes('李职业'), 'no full name');
    t.match(body, /3303\*+/, 'masked ID number');
  }
  t.equal(json.json().items[0].entryId, entryId);

  const file = (await h.get('reviewer', `/v1/complainants/${last.complainantId}/file`)).json();
  t.equal(file.complaints.length, 4);
  t.ok(file.entries[0].notice.includes('投诉举报异常名录列入告知书'), 'the notice is part of the file');
  t.equal(file.entries[0].history.at(-1).action, 'decide:list');
  t.notOk(JSON.stringify(file).includes(idNumber));
});

t.test('the own file and notice never name other complainants', async (t) => {
  const h = await buildTestApp(t);
  // Two people using one template against different shops within days: a ring.
  const a = await profitSeries(h, residentId(603), 4);
  const b = (
    await h.post('intake', '/v1/complaints', templatedComplaint(5, { complainant: { idNumber: residentId(604), phone: '13511112222', name: '王同伙' } }))
  ).json();
  await h.post('intake', '/v1/complaints', templatedComplaint(6, { complainant: { idNumber: residentId(604), phone: '13511112222', name: '王同伙' } }));
  const profile = (await h.get('reviewer', `/v1/complainants/${a.complainantId}`)).json();
  t.ok(profile.complaints.length >= 4);
  const file = JSON.stringify((await h.get('reviewer', `/v1/complainants/${a.complainantId}/file`)).json());
  t.notOk(file.includes(b.complainantId), 'no other complainant id');
  t.notOk(file.includes(b.id), 'no complaint of another person');
  t.notOk(file.includes('王同伙'));
});

t.test('merging two records is a recorded judgement that can be undone', async (t) => {
  const h = await buildTestApp(t);
  const byId = (await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(605), phone: '13800000001' } }))).json();
  const byAccount = (
    await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: undefined, phone: undefined, accountId: 'taobao:zhang3' } }))
  ).json();
  t.not(byId.complainantId, byAccount.complainantId);
  const merged = await h.post('reviewer', `/v1/complainants/${byId.complainantId}/merge`, {
    otherId: byAccount.complainantId,
    reason: '同一人使用平台账号投诉，经电话核实',
  });
  t.equal(merged.statusCode, 201);
  const profile = (await h.get('reviewer', `/v1/complainants/${byId.complainantId}`)).json();
  t.same(profile.mergedRecords, [byAccount.complainantId]);
  t.equal(profile.complaints.length, 2, 'their complaints now count together');
  t.same(profile.identifiers.map((i: { type: string }) => i.type).sort(), ['account', 'phone', 'resident_id']);
  const next = (
    await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: undefined, phone: undefined, accountId: 'taobao:zhang3' } }))
  ).json();
  t.equal(next.complainantId, byId.complainantId, 'later complaints on the merged record count under the kept one');
  t.equal((await h.post('reviewer', `/v1/complainants/${byId.complainantId}/merge`, { otherId: byAccount.complainantId, reason: 'again' })).statusCode, 409);

  const undone = await h.post('reviewer', `/v1/complainants/${byId.complainantId}/unmerge`, { mergeId: merged.json().mergeId, reason: '核实后确认不是同一人' });
  t.equal(undone.statusCode, 200);
  t.equal((await h.get('reviewer', `/v1/complainants/${byId.complainantId}`)).json().complaints.length, 1);
  t.equal((await h.get('reviewer', `/v1/complainants/${byAccount.complainantId}`)).json().complaints.length, 2);
  const audit = (await h.get('reviewer', `/v1/audit?entityId=${byId.complainantId}`)).json().items;
  t.same(
    audit.map((a: { action: string }) => a.action),
    ['merge', 'unmerge'],
  );
  t.same(await h.auditProblems(), []);
});

t.test('a lookup names what matched each entry, and marks one found only through a shared identifier', async (t) => {
  const h = await buildTestApp(t);
  // Two people of one household: each files a profit series with their own ID number and, on the
  // last complaint, the family phone; both are listed.
  const family = '13877776666';
  const list = async (serial: number) => {
    const last = await profitSeries(h, residentId(serial), 4);
    await h.post('intake', '/v1/complaints', templatedComplaint(9, { complainant: { idNumber: residentId(serial), phone: family } }));
    const act = (as: 'reviewer' | 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${last.registry.entryId}/actions`, body);
    await act('reviewer', { action: 'claim', reason: 'x' });
    await act('reviewer', { action: 'propose', reason: 'x' });
    await act('supervisor', { action: 'approve_notice', reason: 'x' });
    await act('reviewer', { action: 'record_defence', reason: 'x', defence: '无' });
    t.equal((await act('supervisor2', { action: 'decide', decision: 'list', reason: '申辩理由不成立' })).statusCode, 200);
    return last.registry.entryId as string;
  };
  const mine = await list(610);
  const relative = await list(611);
  const lookup = async (body: object) => (await h.post('intake', '/v1/registry/lookup', body)).json();

  const byPhone = await lookup({ phone: family });
  t.equal(byPhone.entries.length, 2, 'the family phone finds both people');
  for (const e of byPhone.entries) t.match(e, { matchedBy: ['phone'], viaLink: true }, 'each only through the shared phone');

  const both = await lookup({ idNumber: residentId(610), phone: family });
  const own = both.entries.find((e: { entryId: string }) => e.entryId === mine);
  const other = both.entries.find((e: { entryId: string }) => e.entryId === relative);
  t.same(own.matchedBy, ['idNumber', 'phone']);
  t.equal(own.viaLink, undefined, 'the person asked about is matched by their own ID number');
  t.same(other.matchedBy, ['phone']);
  t.equal(other.viaLink, true, 'the relative comes back only through the shared phone, and says so');

  const byId = await lookup({ idNumber: residentId(611) });
  t.same(
    byId.entries.map((e: { entryId: string; matchedBy: string[]; viaLink?: true }) => [e.entryId, e.matchedBy, e.viaLink]),
    [[relative, ['idNumber'], undefined]],
  );
});
