import t from 'tap';
import { DEFAULT_RULE_SET } from '../../src/detection/rule-set.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { complaint, templatedComplaint, residentId } from '../helpers/factories.js';

const at = (iso: string) => Date.parse(iso);

/** Posts a professional claimant's templated complaints until an entry is flagged; returns it. */
async function flagged(h: TestApp, idNumber = residentId(501), offset = 0) {
  let res;
  for (let i = 0; i < 4; i++) res = (await h.post('intake', '/v1/complaints', templatedComplaint(i + offset, { complainant: { idNumber } }))).json();
  if (res.registry.state !== 'flagged') throw new Error(`expected a flag, got ${JSON.stringify(res.registry)}`);
  return { entryId: res.registry.entryId as string, complainantId: res.complainantId as string };
}

t.test('from flagged to listed to removed, by two people, with a notice, a defence and an answer', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now });
  const { entryId, complainantId } = await flagged(h);
  const act = (as: Parameters<TestApp['post']>[0], body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);

  const entry0 = (await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json();
  t.match(entry0, { id: entryId, complainantId, state: 'flagged', origin: 'automatic', createdBy: 'system' });
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).statusCode, 409, 'no notice before proposed');

  t.equal((await act('reviewer', { action: 'claim', reason: '开始审查' })).json().state, 'under_review');
  const proposed = (
    await act('reviewer', { action: 'propose', reason: '多次索要十倍赔偿，文本雷同', measures: ['priority_identity_check', 'consumer_relationship_check'] })
  ).json();
  t.equal(proposed.state, 'proposed');
  t.equal(proposed.proposedBy, 'rev-alice');
  t.ok(proposed.evidence, 'the evidence bundle is frozen at proposal');
  t.equal(proposed.evidence.ruleSetVersion, DEFAULT_RULE_SET.version);
  t.ok(proposed.evidence.complaints.length >= 4 && proposed.evidence.complaints.every((c: { textSha256: string }) => /^[0-9a-f]{64}$/.test(c.textSha256)));
  t.ok(proposed.evidence.findings.some((f: { code: string }) => f.code === 'PUNITIVE_DEMAND'));

  const draft = await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`);
  t.equal(draft.statusCode, 200);
  t.match(draft.headers['content-type'], /text\/html; charset=utf-8/);
  t.match(draft.body, /草稿/);
  t.match(draft.body, /投诉举报异常名录列入告知书/);

  const refused = await act('reviewer', { action: 'approve_notice', reason: '同意' });
  t.equal(refused.statusCode, 403, 'a reviewer may not approve a notice');
  t.equal(refused.json().error.code, 'FORBIDDEN');

  clock.now = at('2026-09-30T10:00:00+08:00');
  const notified = (await act('supervisor', { action: 'approve_notice', reason: '证据充分，同意告知' })).json();
  t.equal(notified.state, 'notified');
  // The 7th working day after 30 Sep 2026: 1–7 Oct are holidays, Saturday 10 Oct is a make-up working day.
  t.equal(notified.deadline, '2026-10-15T23:59:59+08:00');

  const notice = (await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body;
  t.notMatch(notice, /草稿/, 'the approved notice is not a draft');
  t.match(notice, /你有权在2026年10月15日（含当日）前/, 'it states the defence deadline, as a Chinese date');
  t.match(notice, /主张惩罚性赔偿/);
  t.match(notice, /《中华人民共和国食品安全法》第一百四十八条/, 'indicators carry their legal basis');
  t.match(notice, new RegExp(`版本 ${DEFAULT_RULE_SET.version}`));
  t.match(notice, /对其投诉举报优先核验身份信息/);
  t.match(notice, /鹿城鲜味食品店/, 'the complaints counted are listed by respondent');
  t.match(notice, /李职业/);
  t.notMatch(notice, /330302199001011/, 'the raw ID number never appears');

  const early = await act('supervisor2', { action: 'decide', decision: 'list', reason: '列入' });
  t.equal(early.statusCode, 409, 'no listing before a defence or the deadline');
  t.equal(early.json().error.code, 'INVALID_TRANSITION');

  clock.now = at('2026-10-12T09:00:00+08:00');
  const defended = (await act('reviewer', { action: 'record_defence', reason: '当事人提交书面申辩', defence: '本人购买均为自用，并非牟利。' })).json();
  t.equal(defended.state, 'notified');
  t.equal(defended.defences[0].text, '本人购买均为自用，并非牟利。');

  const wider = await act('supervisor2', { action: 'decide', decision: 'list', reason: '申辩不成立', measures: ['merged_handling'] });
  t.equal(wider.statusCode, 400, 'a decision may not widen the measures');
  const listed = (
    await act('supervisor2', {
      action: 'decide',
      decision: 'list',
      reason: '申辩称自用，但同期向十余家经营者主张十倍赔偿，申辩不成立；措施限于优先核验身份。',
      measures: ['priority_identity_check'],
    })
  ).json();
  t.equal(listed.state, 'listed');
  t.same(listed.measures, ['priority_identity_check']);
  t.equal(listed.listedAt, '2026-10-12T09:00:00+08:00');
  t.equal(listed.expiresAt, '2027-10-12T09:00:00+08:00');
  t.equal(listed.sunsetReviewDue, false);
  t.match(listed.decisionReason, /申辩不成立/, 'the decision answers the defence');

  t.equal((await act('reviewer', { action: 'remove', reason: '提前移出' })).statusCode, 403);
  const removed = (await act('supervisor', { action: 'remove', reason: '当事人已停止相关行为，提前移出' })).json();
  t.equal(removed.state, 'removed');
  t.same(
    removed.history.map((x: { action: string }) => x.action),
    ['flag', 'claim', 'propose', 'approve_notice', 'record_defence', 'decide:list', 'remove'],
  );
  t.same(
    removed.history.map((x: { actor: string }) => x.actor),
    ['system', 'rev-alice', 'rev-alice', 'sup-carol', 'rev-alice', 'sup-dan', 'sup-carol'],
  );

  const audit = (await h.get('reviewer', `/v1/audit?entityId=${entryId}`)).json().items;
  t.equal(audit.length, 7, 'every step is in the audit chain');
  for (let i = 1; i < audit.length; i++) t.ok(audit[i].seq > audit[i - 1].seq);
  const withTimes = audit.filter((a: { data: object }) => 'deadline' in a.data || 'expiresAt' in a.data);
  t.ok(withTimes.length >= 2, 'the notice deadline and the listing expiry are recorded');
  for (const a of withTimes)
    for (const key of ['deadline', 'expiresAt'])
      if (a.data[key] != null) t.match(a.data[key], /^\d{4}-\d\d-\d\dT.*\+08:00$/, `audit ${a.action}: ${key} is a time in +08:00`);
  const all = (await h.get('reviewer', '/v1/audit?limit=500')).json().items;
  for (let i = 1; i < all.length; i++) t.equal(all[i].prevHash, all[i - 1].hash, 'each record names its predecessor');

  const profile = (await h.get('reviewer', `/v1/complainants/${complainantId}`)).json();
  t.equal(profile.registryState, 'removed');
  t.same(await h.auditProblems(), [], 'every entry field follows from its audit history, and every record holds its key');
});

t.test('the defence window, listing term and bureau come from the configuration', async (t) => {
  const clock = { now: at('2026-09-01T09:00:00+08:00') };
  const h = await buildTestApp(t, {
    now: () => clock.now,
    env: { SIEVE_DEFENCE_WORKING_DAYS: '10', SIEVE_LISTING_MONTHS: '6', SIEVE_BUREAU_NAME: '温州市鹿城区市场监督管理局' },
  });
  const { entryId } = await flagged(h);
  const act = (as: Parameters<TestApp['post']>[0], body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);
  await act('reviewer', { action: 'claim', reason: '开始审查' });
  await act('reviewer', { action: 'propose', reason: '多次索要十倍赔偿', measures: ['priority_identity_check'] });
  const draft = (await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body;
  t.match(draft, /自批准之日起第十个工作日结束/);
  t.match(draft, /期限六个月/);
  t.match(draft, /温州市鹿城区市场监督管理局/);
  clock.now = at('2026-09-30T10:00:00+08:00');
  const notified = (await act('supervisor', { action: 'approve_notice', reason: '同意' })).json();
  // Ten working days after 30 Sep 2026: 1–7 Oct off, Saturday 10 Oct worked, then 12–16 and 19–20 Oct.
  t.equal(notified.deadline, '2026-10-20T23:59:59+08:00');
  clock.now = at('2026-10-21T09:00:00+08:00');
  const listed = (await act('supervisor2', { action: 'decide', decision: 'list', reason: '期满未申辩', measures: ['priority_identity_check'] })).json();
  t.equal(listed.expiresAt, '2027-04-21T09:00:00+08:00', 'a six-month term');
});

t.test('four eyes: the proposer may neither approve the notice nor decide', async (t) => {
  const h = await buildTestApp(t);
  const { complainantId } = await flagged(h);
  const open = await h.post('supervisor', '/v1/registry/entries', { complainantId, reason: '手工提出' });
  t.equal(open.statusCode, 409, 'the flagged entry is still open');
  t.equal(open.json().error.code, 'ENTRY_OPEN');
  const first = (await h.get('reviewer', `/v1/registry/entries?complainantId=${complainantId}`)).json().items[0];
  await h.post('reviewer', `/v1/registry/entries/${first.id}/actions`, { action: 'dismiss', reason: '证据不足' });

  const manual = await h.post('supervisor', '/v1/registry/entries', { complainantId, reason: '人工发现其多次私了后撤诉' });
  t.equal(manual.statusCode, 201);
  const id = manual.json().id;
  t.match(manual.json(), { state: 'proposed', origin: 'manual', proposedBy: 'sup-carol' });
  const act = (as: 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${id}/actions`, body);
  const own = await act('supervisor', { action: 'approve_notice', reason: '同意' });
  t.equal(own.statusCode, 403);
  t.equal(own.json().error.code, 'FOUR_EYES');
  t.equal((await act('supervisor2', { action: 'approve_notice', reason: '同意' })).json().state, 'notified');
  const ownDecision = await act('supervisor', { action: 'decide', decision: 'drop', reason: '撤回' });
  t.equal(ownDecision.json().error.code, 'FOUR_EYES');
  t.equal(
    (await act('supervisor2', { action: 'decide', decision: 'drop', reason: '不予列入' })).json().state,
    'dismissed',
    'the approver may decide, any time, to drop',
  );
  t.same(await h.auditProblems(), [], 'a manual proposal and a dismissal are bound to the audit trail');
});

t.test('refusals come in the contract order', async (t) => {
  const h = await buildTestApp(t);
  const { entryId } = await flagged(h);
  const url = `/v1/registry/entries/${entryId}/actions`;
  const noDecision = await h.post('reviewer', url, { action: 'decide', reason: 'x' });
  t.equal(noDecision.statusCode, 400, '400 before 403 (action)');
  t.same(
    noDecision.json().error.details.map((d: { path: string }) => d.path),
    ['/decision'],
  );
  t.equal((await h.post('reviewer', url, { action: 'claim', reason: 'x', defence: 'y' })).statusCode, 400, 'defence only with record_defence');
  t.equal((await h.post('reviewer', url, { action: 'claim', reason: '' })).statusCode, 400, 'a reason is required');
  t.equal((await h.post('reviewer', '/v1/registry/entries/r_missing/actions', { action: 'reject', reason: 'x' })).statusCode, 403, '403 (action) before 404');
  t.equal((await h.post('reviewer', '/v1/registry/entries/r_missing/actions', { action: 'claim', reason: 'x' })).statusCode, 404);
  const skip = await h.post('supervisor', url, { action: 'approve_notice', reason: 'x' });
  t.equal(skip.statusCode, 409, 'no step can be skipped');
  t.equal(skip.json().error.code, 'INVALID_TRANSITION');
  t.equal((await h.post('admin', url, { action: 'claim', reason: 'x' })).statusCode, 403, 'admins do not take registry decisions');
});

t.test('expiry, the sunset review and renewal only with new evidence', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now });
  const { entryId } = await flagged(h);
  const act = (as: 'reviewer' | 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);
  await act('reviewer', { action: 'claim', reason: 'x' });
  await act('reviewer', { action: 'propose', reason: 'x' });
  await act('supervisor', { action: 'approve_notice', reason: 'x' });
  clock.now = at('2026-06-20T09:00:00+08:00');
  const listed = (await act('supervisor2', { action: 'decide', decision: 'list', reason: '逾期未申辩' })).json();
  t.equal(listed.expiresAt, '2027-06-20T09:00:00+08:00');

  t.equal((await act('supervisor', { action: 'renew', reason: '续期' })).json().error.code, 'INVALID_TRANSITION', 'too early to renew');
  clock.now = at('2027-06-01T09:00:00+08:00');
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json().sunsetReviewDue, true);
  const noNew = await act('supervisor', { action: 'renew', reason: '续期' });
  t.equal(noNew.statusCode, 409);
  t.equal(noNew.json().error.code, 'NO_NEW_EVIDENCE');

  await h.post('intake', '/v1/complaints', templatedComplaint(9, { receivedAt: '2027-05-30T10:00:00+08:00', purchase: { at: '2027-05-29T10:00:00+08:00' } }));
  const renewed = (await act('supervisor', { action: 'renew', reason: '续期：期间又有新的十倍索赔投诉' })).json();
  t.equal(renewed.state, 'listed');
  t.equal(renewed.expiresAt, '2028-06-01T09:00:00+08:00');
  t.equal(renewed.renewals.length, 1);

  clock.now = at('2028-06-01T09:00:00+08:00');
  t.equal(await h.app.services.registry.expireDue(), 1);
  const expired = (await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json();
  t.equal(expired.state, 'removed');
  t.match(expired.history.at(-1), { action: 'expire', actor: 'system', fromState: 'listed', toState: 'removed' });
  t.same(await h.auditProblems(), [], 'a renewal and an expiry are bound to the audit trail too');
});

t.test('a dismissal is sticky: the same evidence never flags again, new evidence may', async (t) => {
  const h = await buildTestApp(t);
  const { entryId, complainantId } = await flagged(h);
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'dismiss', reason: '经核实为正常维权' });
  const civic = await h.post(
    'intake',
    '/v1/complaints',
    complaint({
      receivedAt: '2026-05-20T10:00:00+08:00',
      complainant: { idNumber: residentId(501) },
      respondent: { name: '某小区物业', creditCode: undefined },
      text: '小区门口夜间施工噪音扰民，请相关部门督促整改。',
    }),
  );
  t.equal(civic.json().assessment.level, 'review', 'still at review on the old evidence');
  t.equal(civic.json().registry.state, 'dismissed', 'but not flagged again');
  const fresh = await h.post(
    'intake',
    '/v1/complaints',
    templatedComplaint(5, { receivedAt: '2026-05-21T10:00:00+08:00', purchase: { at: '2026-05-20T10:00:00+08:00' } }),
  );
  t.equal(fresh.json().registry.state, 'flagged', 'a new profit finding after the dismissal flags again');
  t.not(fresh.json().registry.entryId, entryId, 'as a new entry');
  const entries = (await h.get('reviewer', `/v1/registry/entries?complainantId=${complainantId}`)).json().items;
  t.same(
    entries.map((e: { state: string }) => e.state),
    ['flagged', 'dismissed'],
  );
});

t.test('text from complaints is escaped where it is rendered as HTML', async (t) => {
  const h = await buildTestApp(t);
  const hostile = '<img src=x onerror=alert(1)>商店\u0007';
  let last;
  for (let i = 0; i < 4; i++)
    last = (
      await h.post('intake', '/v1/complaints', templatedComplaint(i, { respondent: { name: i === 0 ? hostile : `正常商户${i}`, creditCode: undefined } }))
    ).json();
  const entryId = last.registry.entryId;
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'claim', reason: 'x' });
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'propose', reason: '<b>理由</b>' });
  const notice = (await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body;
  t.notMatch(notice, /<img src=x/, 'no live markup from complaint data');
  t.match(notice, /&lt;img src=x onerror=alert\(1\)&gt;商店/, 'shown as text');
  t.match(notice, /\\u0007/, 'control characters are shown as visible escapes');
  const profile = (await h.get('reviewer', `/v1/complainants/${last.complainantId}`)).json();
  t.ok(
    profile.complaints.some((c: { respondent: { name: string } }) => c.respondent.name === hostile),
    'stored and returned exactly as sent',
  );
});
