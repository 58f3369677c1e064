/**
 * What the console's registry work rests on, over HTTP: the queue in work order with masked people
 * and region names, watch-level people and manual proposals reachable, search by identifiers in a
 * body, entries by holder and defence phase, the actions each person may take now with reasons,
 * system reasons stored as codes and shown in Chinese, and the export for people in Chinese.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildTestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { shownReason } from '../../src/registry/reasons.js';

const DAY = 86_400_000;

async function seed(t: Parameters<typeof buildTestApp>[0]) {
  let clock = Date.parse('2026-06-01T09:00:00+08:00');
  const h = await buildTestApp(t, { now: () => clock });
  const post = (i: number, complainant: Record<string, unknown>) => h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant }));
  // Two professional claimants (flagged) and one person at watch.
  const li = { name: '李职业', idNumber: residentId(601), phone: '13700137601', address: '温州市鹿城区五马街1号' };
  const eq = { name: '=HYPERLINK("x")', idNumber: residentId(602), phone: '13700137602' };
  const watch = { name: '赵一般', idNumber: residentId(603), phone: '13700137603' };
  let liId = '';
  let eqId = '';
  let liExternal = '';
  for (let i = 0; i < 5; i++) ({ complainantId: liId, externalId: liExternal } = (await post(i, li)).json());
  for (let i = 0; i < 4; i++) eqId = (await post(i + 10, eq)).json().complainantId;
  const watchRes = (await post(20, watch)).json();
  return {
    h,
    liId,
    liExternal,
    eqId,
    watchId: watchRes.complainantId as string,
    watchLevel: watchRes.assessment.level as string,
    li,
    advance: (ms: number) => (clock += ms),
  };
}

t.test('the queue in work order: open work first, masked people with region names, watch level reachable', async (t) => {
  const { h, liId, watchId, watchLevel } = await seed(t);
  t.equal(watchLevel, 'watch', 'the third person is at watch');
  const review = (await h.get('reviewer', '/v1/complainants?order=work&level=review')).json();
  t.notOk(
    review.items.some((i: { id: string }) => i.id === watchId),
    'level=review leaves watch out',
  );
  const all = (await h.get('reviewer', '/v1/complainants?order=work&atLeast=watch')).json();
  const ids = all.items.map((i: { id: string }) => i.id);
  t.ok(ids.includes(watchId), 'atLeast=watch reaches the watch-level person');
  t.ok(ids.indexOf(watchId) > ids.indexOf(liId), 'people with open registry work come before those without');
  const li = all.items.find((i: { id: string }) => i.id === liId);
  t.same(
    li.person,
    { name: '李**', idMasked: '3303**********' + residentId(601).slice(-4), region: '温州市鹿城区' },
    'masked name and ID, district of the address',
  );
  const other = all.items.find((i: { id: string }) => i.id === watchId);
  t.equal(other.person.region, '温州市', 'without an address: the city of the ID number, by name');
  t.ok(li.profitComplaints > 0, 'profit complaints behind the findings, the tie-breaker');
  t.notMatch(JSON.stringify(all), /code:\d|\d{17}[\dX]/, 'no region codes, no raw ID numbers');

  const first = (await h.get('reviewer', '/v1/complainants?order=work&atLeast=watch&limit=1')).json();
  const second = (await h.get('reviewer', `/v1/complainants?order=work&atLeast=watch&limit=1&cursor=${first.nextCursor}`)).json();
  t.same([first.items[0].id, second.items[0].id], ids.slice(0, 2), 'pages follow the same order');
  t.equal((await h.get('reviewer', '/v1/complainants?order=work&cursor=bogus')).statusCode, 400);
  t.equal((await h.get('reviewer', '/v1/complainants?order=sideways')).statusCode, 400);
});

t.test('search by ID number, phone, externalId and name, in the body; refusals are 400s', async (t) => {
  const { h, liId, li, liExternal } = await seed(t);
  const search = (body: unknown, as: 'reviewer' | 'intake' = 'reviewer') => h.post(as, '/v1/complainants/search', body);
  const byId = (await search({ idNumber: li.idNumber })).json();
  t.same(
    byId.items.map((i: { id: string; matchedBy: string[] }) => [i.id, i.matchedBy]),
    [[liId, ['idNumber']]],
  );
  t.equal(byId.items[0].person.name, '李**');
  t.equal((await search({ phone: `+86 ${li.phone}` })).json().items[0].id, liId, 'phones normalised as at intake');
  t.same(
    (await search({ externalId: liExternal })).json().items.map((i: { id: string; matchedBy: string[] }) => [i.id, i.matchedBy]),
    [[liId, ['externalId']]],
    'by the externalId of a complaint',
  );
  t.same(
    (await search({ name: '李' })).json().items.map((i: { id: string }) => i.id),
    [liId],
    'by the beginning of a name',
  );
  t.same((await search({ name: '%' })).json().items, [], 'LIKE wildcards are literal');
  t.same((await search({ idNumber: residentId(999) })).json(), { items: [], truncated: false });
  t.equal((await search({ idNumber: '330302199001011230' })).statusCode, 400, 'a failing check digit');
  t.equal((await search({})).statusCode, 400, 'nothing to search by');
  t.equal((await search({ idNumber: li.idNumber }, 'intake')).statusCode, 403, 'intake systems use the lookup, not the search');
  t.notOk(JSON.stringify(byId).includes(li.idNumber), 'the answer holds no raw ID number');
});

t.test('entries: allowedActions with reasons, holder and defence filters, manual proposals for anyone', async (t) => {
  const { h, liId, watchId, advance } = await seed(t);
  const entryOf = async (complainantId: string) => (await h.get('reviewer', `/v1/registry/entries?complainantId=${complainantId}`)).json().items[0];
  const offer = (entry: { allowedActions: Array<{ action: string; decision?: string }> }, action: string, decision?: string) =>
    entry.allowedActions.find((a) => a.action === action && a.decision === decision);
  const li = await entryOf(liId);

  const asReviewer = (await h.get('reviewer', `/v1/registry/entries/${li.id}`)).json();
  t.match(offer(asReviewer, 'claim'), { available: true });
  t.match(offer(asReviewer, 'propose'), { available: false, unavailable: { code: 'STATE', params: { state: 'flagged' } } });
  t.notOk((await h.get('reviewer', `/v1/registry/entries?complainantId=${liId}`)).json().items[0].allowedActions, 'lists leave them out');

  // The reviewer claims: they hold it; "my claims" finds it.
  const claimed = (await h.post('reviewer', `/v1/registry/entries/${li.id}/actions`, { action: 'claim', reason: '开始审查' })).json();
  t.equal(claimed.heldBy, 'rev-alice');
  t.match(offer(claimed, 'propose'), { available: true }, 'the answer to an action carries the next offers');
  const mine = (await h.get('reviewer', '/v1/registry/entries?holder=rev-alice&open=true')).json().items;
  t.same(
    mine.map((e: { id: string }) => e.id),
    [li.id],
  );
  t.equal(mine[0].person.name, '李**', 'list items name the person, masked');
  t.same((await h.get('reviewer', '/v1/registry/entries?holder=rev-bob')).json().items, []);

  // A supervisor proposes: four eyes keeps them from approving, with the reason.
  await h.post('supervisor', `/v1/registry/entries/${li.id}/actions`, { action: 'propose', reason: '模板化索赔' });
  const own = (await h.get('supervisor', `/v1/registry/entries/${li.id}`)).json();
  t.match(offer(own, 'approve_notice'), { available: false, unavailable: { code: 'FOUR_EYES' } });
  t.match(offer(own, 'reject'), { available: true });
  const asReviewer2 = (await h.get('reviewer', `/v1/registry/entries/${li.id}`)).json();
  t.match(offer(asReviewer2, 'approve_notice'), { available: false, unavailable: { code: 'ROLE', params: { role: 'reviewer', roles: ['supervisor'] } } });

  const approved = (await h.post('supervisor2', `/v1/registry/entries/${li.id}/actions`, { action: 'approve_notice', reason: '同意告知' })).json();
  t.equal(approved.state, 'notified');
  t.match(offer(approved, 'decide', 'list'), { available: false, unavailable: { code: 'DEADLINE_NOT_REACHED', params: { deadline: approved.deadline } } });
  t.match(offer(approved, 'decide', 'drop'), { available: true });
  t.same(
    (await h.get('reviewer', '/v1/registry/entries?defence=running')).json().items.map((e: { id: string }) => e.id),
    [li.id],
  );
  t.same((await h.get('reviewer', '/v1/registry/entries?defence=over')).json().items, []);
  advance(40 * DAY);
  t.same(
    (await h.get('reviewer', '/v1/registry/entries?defence=over')).json().items.map((e: { id: string }) => e.id),
    [li.id],
    'after the deadline the entry is due for a decision',
  );
  t.match(offer((await h.get('supervisor2', `/v1/registry/entries/${li.id}`)).json(), 'decide', 'list'), { available: true });

  // A manual proposal for the watch-level person is in the proposed list.
  const manual = await h.post('reviewer', '/v1/registry/entries', { complainantId: watchId, reason: '多次索赔，人工提议' });
  t.equal(manual.statusCode, 201);
  t.equal(manual.json().heldBy, 'rev-alice', 'the author of a manual proposal holds it');
  t.ok(
    (await h.get('supervisor', '/v1/registry/entries?state=proposed')).json().items.some((e: { id: string }) => e.id === manual.json().id),
    'reachable by state',
  );
  t.equal((await h.get('reviewer', '/v1/registry/entries?defence=later')).statusCode, 400);
});

t.test('system reasons are stored as codes, shown in Chinese; stored English reasons stay readable', async (t) => {
  const { h, liId } = await seed(t);
  const entry = (await h.get('reviewer', `/v1/registry/entries?complainantId=${liId}`)).json().items[0];
  const [flag] = (await h.get('reviewer', `/v1/registry/entries/${entry.id}`)).json().history;
  t.match(flag, { action: 'flag', reasonCode: 'flag.review', reasonParams: { ruleSetVersion: String } });
  t.match(flag.reason, /^评估达到“需审查”级别（\d+分，规则版本 v\d+），系统自动标记待审。$/);
  const audit = (await h.get('reviewer', `/v1/audit?entityId=${entry.id}`)).json().items[0];
  t.equal(audit.reason, flag.reason, 'the audit trail words it the same');
  const db = new Database(join(h.dir, 'sieve.db'), { readonly: true });
  const stored = db.prepare("SELECT reason, data FROM audit_log WHERE entity_id = ? AND action = 'flag'").get(entry.id) as {
    reason: string | null;
    data: string;
  };
  db.close();
  t.equal(stored.reason, null, 'no sentence is stored');
  t.match(JSON.parse(stored.data), { reasonCode: 'flag.review', reasonParams: { score: Number } });
  t.same(await h.auditProblems(), [], 'the chain holds');

  t.same(shownReason('Assessment reached review (score 50, rule set v1).', {}), {
    reason: '评估达到“需审查”级别（50分，规则版本 v1），系统自动标记待审。',
    reasonCode: 'flag.review',
    reasonParams: { score: 50, ruleSetVersion: 'v1' },
  });
  t.same(shownReason('审查员自己写的理由', null), { reason: '审查员自己写的理由' }, 'a person’s reason is shown as written');
});

t.test('the CSV export: Chinese headers and labels, masked, formula-safe; JSON keeps the codes', async (t) => {
  const { h, eqId } = await seed(t);
  const entry = (await h.get('reviewer', `/v1/registry/entries?complainantId=${eqId}`)).json().items[0];
  await h.post('reviewer', `/v1/registry/entries/${entry.id}/actions`, { action: 'claim', reason: '审查' });
  await h.post('reviewer', `/v1/registry/entries/${entry.id}/actions`, { action: 'propose', reason: '提议', measures: ['priority_identity_check'] });
  await h.post('supervisor', `/v1/registry/entries/${entry.id}/actions`, { action: 'approve_notice', reason: '同意' });
  const csv = (await h.get('reviewer', '/v1/registry/export?format=csv')).body.replace(/^\uFEFF/, '');
  const [header, row] = csv.trim().split('\n');
  t.equal(header, '名录记录编号,名录状态,当事人编号,姓名（脱敏）,身份标识（脱敏）,列入时间,到期时间,申辩期限,措施,命中指标');
  t.match(row, /,已告知,/, 'states in Chinese');
  t.match(row, /,'=\*+,/, 'a name beginning with = is escaped for spreadsheets');
  t.match(row, /居民身份证号码：3303\*+/);
  t.match(row, /对其投诉举报优先核验身份信息/);
  t.notMatch(row, /priority_identity_check|notified|resident_id|TEMPLATE_SELF/, 'no codes');
  const json = (await h.get('reviewer', '/v1/registry/export?format=json')).json();
  t.match(json.items[0], { state: 'notified', measures: ['priority_identity_check'] }, 'JSON keeps the codes for machines');
});
