/**
 * Detection only assesses; the registry alone turns an assessment at `review` into an entry. A
 * flag raised by intake, by an event, by a merge and by an applied rescan must therefore be the
 * same entry with the same audit record, whoever offered the assessment.
 */
import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { DEFAULT_RULE_SET } from '../../src/detection/rule-set.js';

/** An entry and its first audit record with what differs between people (ids, times, scores) taken out. */
async function flagShape(h: TestApp, complainantId: string) {
  const entries = (await h.get('reviewer', `/v1/registry/entries?complainantId=${complainantId}`)).json().items;
  if (entries.length !== 1) throw new Error(`${complainantId} has ${entries.length} entries`);
  const entry = (await h.get('reviewer', `/v1/registry/entries/${entries[0].id}`)).json();
  const [first] = (await h.get('reviewer', `/v1/audit?entityId=${entry.id}`)).json().items;
  const { id, complainantId: who, createdAt, updatedAt, history, ...rest } = entry;
  return {
    entry: { ...rest, fields: Object.keys(entry).sort() },
    history: history.map((x: { action: string; actor: string; fromState: string | null; toState: string }) => [x.action, x.actor, x.fromState, x.toState]),
    audit: {
      entityType: first.entityType,
      action: first.action,
      actor: first.actor,
      fromState: first.fromState,
      toState: first.toState,
      reasonForm: first.reason.replace(/\d+/g, 'N').replace(/规则版本 \S+）/, '规则版本 V）'),
      reasonCode: first.reasonCode,
      dataFields: Object.keys(first.data).sort(),
      complainantMatches: first.data.complainantId === who && createdAt === updatedAt && typeof id === 'string',
    },
  };
}

t.test('a flag from intake, an event, a merge and an applied rescan is one shape of entry and audit record', async (t) => {
  const h = await buildTestApp(t);
  const shapes: Record<string, Awaited<ReturnType<typeof flagShape>>> = {};

  // Intake: the third templated complaint reaches review.
  let last;
  for (let i = 0; i < 3; i++) last = (await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(801) } }))).json();
  t.equal(last.registry.state, 'flagged');
  shapes.intake = await flagShape(h, last.complainantId);

  // An event: reaching review while allow-listed flags nobody; once the allow-list entry is
  // revoked, the next assessment — caused by an event — does.
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = (await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(802) } }))).json();
    ids.push(res.id);
    if (i === 0) {
      const allow = await h.post('reviewer', '/v1/allowlist', { complainantId: res.complainantId, reason: '核实中', expiresAt: '2099-01-01T00:00:00+08:00' });
      t.equal(allow.statusCode, 201);
      t.equal((await h.req('reviewer', { method: 'DELETE', url: '/v1/allowlist/x' })).statusCode, 404);
      shapes.allowId = allow.json().id;
    }
  }
  const allowed = (await h.get('reviewer', `/v1/complaints/${ids[0]}`)).json().complainantId;
  t.equal((await h.get('reviewer', `/v1/complainants/${allowed}`)).json().assessment.level, 'review');
  t.equal((await h.get('reviewer', `/v1/registry/entries?complainantId=${allowed}`)).json().items.length, 0, 'allow-listed: no entry');
  t.equal((await h.req('reviewer', { method: 'DELETE', url: `/v1/allowlist/${shapes.allowId}` })).statusCode, 200);
  delete shapes.allowId;
  t.equal((await h.post('intake', `/v1/complaints/${ids[2]}/events`, { type: 'withdrawn', at: '2026-06-01T10:00:00+08:00' })).statusCode, 201);
  shapes.event = await flagShape(h, allowed);

  // A merge: two records of two templated complaints each are one person of four.
  const a = (await h.post('intake', '/v1/complaints', templatedComplaint(0, { complainant: { idNumber: residentId(803), phone: undefined } }))).json();
  await h.post('intake', '/v1/complaints', templatedComplaint(1, { complainant: { idNumber: residentId(803), phone: undefined } }));
  let b;
  for (let i = 2; i < 4; i++)
    b = (
      await h.post(
        'intake',
        '/v1/complaints',
        templatedComplaint(i, { complainant: { idNumber: undefined, phone: undefined, accountId: 'taobao:flag-paths' } }),
      )
    ).json();
  t.not(a.complainantId, b.complainantId);
  t.equal(b.registry.state, 'none', 'each record alone is below review');
  t.equal((await h.post('reviewer', `/v1/complainants/${a.complainantId}/merge`, { otherId: b.complainantId, reason: '同一人' })).statusCode, 201);
  shapes.merge = await flagShape(h, a.complainantId);

  // An applied rescan under a rule set that reviews from two profit complaints.
  let two;
  for (let i = 0; i < 2; i++)
    two = (await h.post('intake', '/v1/complaints', templatedComplaint(i + 10, { complainant: { idNumber: residentId(804), phone: '13611110000' } }))).json();
  t.equal(two.registry.state, 'none');
  const trial = { ...structuredClone(DEFAULT_RULE_SET), version: 'trial', review: { ...DEFAULT_RULE_SET.review, profitComplaints: 2 }, levels: { watch: 20 } };
  t.equal((await h.post('admin', '/v1/rules', trial)).statusCode, 201);
  t.equal((await h.post('admin', '/v1/rules/trial/activate', {})).statusCode, 200);
  const started = await h.post('admin', '/v1/rescans', {});
  await h.app.services.rescans.idle();
  t.equal((await h.get('admin', `/v1/rescans/${started.json().id}`)).json().state, 'done');
  shapes.rescan = await flagShape(h, two.complainantId);

  t.match(shapes.intake, {
    entry: { state: 'flagged', origin: 'automatic', createdBy: 'system', measures: [] },
    history: [['flag', 'system', null, 'flagged']],
    audit: {
      entityType: 'registry_entry',
      action: 'flag',
      actor: 'system',
      toState: 'flagged',
      // Stored as a code with parameters, worded in Chinese where shown.
      reasonForm: '评估达到“需审查”级别（N分，规则版本 V），系统自动标记待审。',
      reasonCode: 'flag.review',
      dataFields: ['assessmentSeq', 'complainantId', 'findings', 'reasonCode', 'reasonParams', 'score'],
      complainantMatches: true,
    },
  });
  t.equal(shapes.intake.audit.fromState, undefined);
  for (const path of ['event', 'merge', 'rescan']) t.same(shapes[path], shapes.intake, `${path}: the same entry and audit record as from intake`);
  t.same(await h.auditProblems(), []);
});
