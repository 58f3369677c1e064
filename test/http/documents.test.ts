/**
 * Documents served on a person, over HTTP against real migrations: numbering (sequential, per
 * Shanghai year, never burnt or reused by a rolled-back step), templates (escaping, Chinese dates,
 * region names, the bureau's details, a bureau's own template folder), the documents of every
 * step with their hashes in the audit chain, PDFs printed by Chromium, and the record of service
 * with the defence window counted from it when the bureau says so.
 */
import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestApp, tempDir, type As, type TestApp } from '../helpers/app.js';
import { creditCode, residentId, templatedComplaint } from '../helpers/factories.js';
import { CHROMIUM, withChromium } from '../helpers/browser.js';

const at = (iso: string) => Date.parse(iso);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const BUREAU = {
  SIEVE_BUREAU_NAME: '温州市鹿城区市场监督管理局',
  SIEVE_BUREAU_ADDRESS: '温州市鹿城区示例路1号 <b>&</b>',
  SIEVE_BUREAU_CONTACT: '投诉举报科 0577-88000000',
  SIEVE_BUREAU_SEAL: '温州市鹿城区市场监督管理局（公章）',
  SIEVE_DOCUMENT_PREFIX_NOTICE: '鹿市监异告',
  SIEVE_DOCUMENT_PREFIX_DECISION: '鹿市监异决',
  SIEVE_DOCUMENT_PREFIX_REMOVAL: '鹿市监异移',
  SIEVE_DOCUMENT_PREFIX_EXPIRY: '鹿市监异移',
};

let serial = 600;
interface Person {
  name?: string;
  respondent?: Record<string, unknown>;
}

/** A professional claimant flagged, claimed and proposed; returns the entry id. */
async function proposed(h: TestApp, person: Person = {}): Promise<string> {
  serial += 1;
  const complainant = { name: person.name ?? '李职业', idNumber: residentId(serial), phone: `137${String(serial).padStart(8, '0')}` };
  let res;
  for (let i = 0; i < 4; i++)
    res = (
      await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant, ...(person.respondent ? { respondent: person.respondent } : {}) }))
    ).json();
  if (res.registry.state !== 'flagged') throw new Error(`expected a flag, got ${JSON.stringify(res.registry)}`);
  const entryId = res.registry.entryId as string;
  await act(h, entryId, 'reviewer', { action: 'claim', reason: '开始审查' });
  await act(h, entryId, 'reviewer', { action: 'propose', reason: '多次索要十倍赔偿' });
  return entryId;
}

const act = (h: TestApp, entryId: string, as: As, body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);
const approve = (h: TestApp, entryId: string) => act(h, entryId, 'supervisor', { action: 'approve_notice', reason: '证据充分，同意告知' });
const documentsOf = async (h: TestApp, entryId: string) => (await h.get('reviewer', `/v1/registry/entries/${entryId}/documents`)).json().items;
const html = async (h: TestApp, docId: string) => (await h.get('reviewer', `/v1/registry/documents/${docId}/html`)).body;

t.test('numbers are sequential per prefix and Shanghai year, and a rolled-back step neither burns nor reuses one', async (t) => {
  // A bureau's own template folder: the shipped one, with a notice that fails for one person.
  const templates = join(tempDir(t), 'templates');
  cpSync('templates/documents', templates, { recursive: true });
  const notice = join(templates, 'notice.liquid');
  writeFileSync(
    notice,
    readFileSync(notice, 'utf8').replace('{% block content %}', '{% block content %}{% if person.name == "模板故障" %}{{ no_such_field }}{% endif %}'),
  );

  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: { ...BUREAU, SIEVE_DOCUMENT_TEMPLATES: templates } });
  const a = await proposed(h);
  const b = await proposed(h);
  const broken = await proposed(h, { name: '模板故障' });
  const c = await proposed(h);
  const d = await proposed(h);

  clock.now = at('2026-12-31T10:00:00+08:00');
  t.equal((await approve(h, a)).json().state, 'notified');
  const auditBefore = (await h.get('reviewer', '/v1/audit?limit=500')).json().items.length;
  const failed = await approve(h, broken);
  t.equal(failed.statusCode, 500, 'a template that fails on this document stops the step');
  t.equal(failed.json().error.code, 'INTERNAL');
  t.equal((await h.get('reviewer', `/v1/registry/entries/${broken}`)).json().state, 'proposed', 'the approval was undone');
  t.same(await documentsOf(h, broken), [], 'and its document with it');
  t.equal((await h.get('reviewer', '/v1/audit?limit=500')).json().items.length, auditBefore, 'no audit record of the undone step');

  // 23:30 in Shanghai is still 2026; half past midnight is 2027 there, though 2026 in UTC.
  clock.now = at('2026-12-31T23:30:00+08:00');
  t.equal((await approve(h, b)).json().state, 'notified');
  clock.now = at('2027-01-01T00:30:00+08:00');
  t.equal((await approve(h, c)).json().state, 'notified');
  t.equal((await approve(h, d)).json().state, 'notified');

  const numbers = [];
  for (const id of [a, b, c, d]) {
    const docs = await documentsOf(h, id);
    t.equal(docs.length, 1);
    t.match(docs[0], { kind: 'notice', title: '投诉举报异常名录列入告知书', createdBy: 'sup-carol', service: null });
    numbers.push(docs[0].number);
    t.match(await html(h, docs[0].id), docs[0].number, 'the number is printed on the document');
  }
  t.same(
    numbers,
    ['鹿市监异告〔2026〕1号', '鹿市监异告〔2026〕2号', '鹿市监异告〔2027〕1号', '鹿市监异告〔2027〕2号'],
    'no gap where the step was undone, a new sequence each year',
  );
  t.same(await h.auditProblems(), []);
});

t.test('documents are escaped, in Chinese dates, with region names and the bureau from configuration', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: BUREAU });
  const hostile = '<script>alert(1)</script>王某\u0007';
  // Respondents given by credit code only: one region code the bureau's table names, one it does not.
  const entryId = await proposed(h, {
    name: hostile,
    respondent: { name: '<img src=x onerror=alert(2)>店', region: undefined, creditCode: creditCode(7, '330303') },
  });
  const other = await proposed(h, { respondent: { region: undefined, creditCode: creditCode(8, '330903') } });
  clock.now = at('2026-09-30T10:00:00+08:00');
  await approve(h, entryId);
  await approve(h, other);

  const [doc] = await documentsOf(h, entryId);
  const body = await html(h, doc.id);
  t.notMatch(body, /<script>alert/, 'no live markup from the person’s name');
  t.notMatch(body, /<img src=x/, 'nor from a respondent’s');
  t.match(body, '&lt;script&gt;alert(1)&lt;/script&gt;王某<span class="ctl">\\u0007</span>', 'shown as text, control characters visible');
  t.match(body, '&lt;img src=x onerror=alert(2)&gt;店');
  t.match(body, '<td>龙湾区</td>', 'a region known only by its code is named');
  t.notMatch(body, /code:/);
  t.match(await html(h, (await documentsOf(h, other))[0].id), '<td>行政区划代码330903</td>', 'a code missing from the table is shown as a code, in words');
  t.match(body, '<p class="date">2026年9月30日</p>', 'issued on a Chinese date');
  t.match(body, '你有权在2026年10月15日（含当日）前', 'the deadline as a Chinese date');
  t.notMatch(body, /\d{4}-\d\d-\d\dT/, 'no machine times anywhere');
  t.match(body, /截至2026年\d+月\d+日/);
  t.match(body, '<p class="issuer">温州市鹿城区市场监督管理局</p>');
  t.match(body, '机关地址：温州市鹿城区示例路1号 &lt;b&gt;&amp;&lt;/b&gt;', 'configuration is escaped too');
  t.match(body, '联系方式：投诉举报科 0577-88000000');
  t.match(body, '<p class="seal-name">温州市鹿城区市场监督管理局（公章）</p>');
  t.match(body, '@media print', 'the print stylesheet travels with the document');
  t.match(body, '@page { size: A4;');

  const res = await h.get('reviewer', `/v1/registry/documents/${doc.id}/html`);
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
  t.match(res.headers['content-security-policy'], /default-src 'none'/);
  t.equal((await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body, body, 'the notice endpoint serves the same frozen document');
});

t.test('a bureau’s template folder replaces the shipped one, and a broken one stops the start', async (t) => {
  const templates = join(tempDir(t), 'templates');
  cpSync('templates/documents', templates, { recursive: true });
  const notice = join(templates, 'notice.liquid');
  writeFileSync(notice, readFileSync(notice, 'utf8').replace('{% block content %}', '{% block content %}<p class="own">本局自定义段落：{{ bureau.name }}</p>'));
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: { ...BUREAU, SIEVE_DOCUMENT_TEMPLATES: templates } });
  const entryId = await proposed(h);
  await approve(h, entryId);
  t.match(await html(h, (await documentsOf(h, entryId))[0].id), '<p class="own">本局自定义段落：温州市鹿城区市场监督管理局</p>');

  writeFileSync(notice, readFileSync(notice, 'utf8').replace('{{ bureau.name }}', '{{ bureau.nmae }}'));
  await t.rejects(buildTestApp(t, { env: { SIEVE_DOCUMENT_TEMPLATES: templates } }), /notice\.liquid.*nmae/s, 'a misspelt variable is found at start');
  await t.rejects(buildTestApp(t, { env: { SIEVE_DOCUMENT_TEMPLATES: join(templates, 'missing') } }), /SIEVE_DOCUMENT_TEMPLATES/);
});

t.test('every step that ends a stage issues its document, with its hash in the step’s audit record', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: BUREAU });
  const entryId = await proposed(h);
  clock.now = at('2026-09-30T10:00:00+08:00');
  await approve(h, entryId);
  clock.now = at('2026-10-12T09:00:00+08:00');
  const [notice] = await documentsOf(h, entryId);
  await h.post('reviewer', `/v1/registry/documents/${notice.id}/service`, { method: '直接送达', servedOn: '2026-10-09' });
  await act(h, entryId, 'reviewer', { action: 'record_defence', reason: '书面申辩', defence: '本人购买均为自用。' });
  t.equal(
    (await act(h, entryId, 'supervisor2', { action: 'decide', decision: 'list', reason: '申辩不成立：同期向多家经营者主张十倍赔偿。' })).json().state,
    'listed',
  );
  clock.now = at('2026-11-02T09:00:00+08:00');
  t.equal((await act(h, entryId, 'supervisor', { action: 'remove', reason: '当事人已停止相关行为' })).json().state, 'removed');

  const docs = await documentsOf(h, entryId);
  t.same(
    docs.map((d: { kind: string; number: string }) => [d.kind, d.number]),
    [
      ['notice', '鹿市监异告〔2026〕1号'],
      ['decision', '鹿市监异决〔2026〕1号'],
      ['removal', '鹿市监异移〔2026〕1号'],
    ],
  );
  const decision = await html(h, docs[1].id);
  t.match(decision, '投诉举报异常名录列入决定书');
  t.match(
    decision,
    '本局于2026年9月30日作出《投诉举报异常名录列入告知书》（鹿市监异告〔2026〕1号），并已于2026年10月9日直接送达',
    'the decision cites the notice and its service',
  );
  t.match(decision, '你于2026年10月12日提出陈述、申辩：本人购买均为自用。');
  t.match(decision, '本局意见：申辩不成立');
  t.match(decision, '期限自2026年10月12日起至2027年10月12日止');
  const removal = await html(h, docs[2].id);
  t.match(removal, '（鹿市监异决〔2026〕1号）');
  t.match(removal, '理由：当事人已停止相关行为');
  t.match(removal, '自2026年11月2日起将你移出');

  const audit = (await h.get('reviewer', `/v1/audit?entityId=${entryId}`)).json().items;
  for (const [action, doc] of [
    ['approve_notice', docs[0]],
    ['decide:list', docs[1]],
    ['remove', docs[2]],
  ]) {
    const record = audit.find((r: { action: string }) => r.action === action);
    t.same(record.data.document, { id: doc.id, kind: doc.kind, number: doc.number, htmlSha256: doc.htmlSha256 }, `${action} names its document`);
    t.equal(sha256(await html(h, doc.id)), doc.htmlSha256, `${action}: the hash is the stored HTML's`);
  }
  t.equal(
    (await h.get('reviewer', `/v1/registry/documents/${docs[0].id}/pdf`)).json().error.code,
    'PDF_UNAVAILABLE',
    'no Chromium configured: a clear refusal',
  );
  t.equal((await h.get('reviewer', '/v1/registry/documents/d_missing/html')).statusCode, 404);
  t.equal((await h.get('reviewer', '/v1/registry/entries/r_missing/documents')).statusCode, 404);
  t.equal((await h.get('intake', `/v1/registry/entries/${entryId}/documents`)).statusCode, 403, 'read like entries: not for intake keys');
  t.same(await h.auditProblems(), []);
});

t.test('an expiry issues its notice, numbered with the prefix it shares with removals', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: BUREAU });
  const entryId = await proposed(h);
  await approve(h, entryId);
  clock.now = at('2026-06-20T09:00:00+08:00');
  await act(h, entryId, 'supervisor2', { action: 'decide', decision: 'list', reason: '逾期未申辩' });
  clock.now = at('2027-06-20T09:00:00+08:00');
  t.equal(await h.app.services.registry.expireDue(), 1);
  const docs = await documentsOf(h, entryId);
  t.match(docs.at(-1), { kind: 'expiry', number: '鹿市监异移〔2027〕1号', createdBy: 'system' });
  const body = await html(h, docs.at(-1).id);
  t.match(body, '投诉举报异常名录期满移出告知书');
  t.match(body, '期限至2027年6月20日届满');
  t.same(await h.auditProblems(), []);
});

t.test('the service of a document is recorded once, by a reviewer, with its note masked', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: BUREAU });
  const entryId = await proposed(h);
  clock.now = at('2026-09-30T10:00:00+08:00');
  const notified = (await approve(h, entryId)).json();
  const [doc] = await documentsOf(h, entryId);
  const url = `/v1/registry/documents/${doc.id}/service`;

  clock.now = at('2026-10-09T15:00:00+08:00');
  t.equal((await h.post('intake', url, { method: '邮寄送达', servedOn: '2026-10-09' })).statusCode, 403);
  const bad = await h.post('reviewer', url, { method: '快递', servedOn: '2026-10-09' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.details[0].path, '/method');
  t.equal((await h.post('reviewer', url, { method: '邮寄送达', servedOn: '2026-10-10' })).json().error.code, 'VALIDATION_FAILED', 'not in the future');
  t.equal((await h.post('reviewer', url, { method: '邮寄送达', servedOn: '2026-09-29' })).json().error.code, 'VALIDATION_FAILED', 'not before issue');
  t.equal((await h.post('reviewer', url, { method: '邮寄送达', servedOn: '2026-02-30' })).json().error.code, 'VALIDATION_FAILED', 'a real date');
  t.equal((await h.post('reviewer', '/v1/registry/documents/d_missing/service', { method: '邮寄送达', servedOn: '2026-10-09' })).statusCode, 404);

  const idNumber = residentId(77);
  const served = await h.post('reviewer', url, { method: '邮寄送达', servedOn: '2026-10-09', note: `EMS 1234567890，本人签收，身份证 ${idNumber}` });
  t.equal(served.statusCode, 201);
  t.match(served.json().service, { method: '邮寄送达', servedOn: '2026-10-09', recordedBy: 'rev-alice', recordedAt: '2026-10-09T15:00:00+08:00' });
  t.notMatch(served.json().service.note, idNumber, 'personal numbers in the note are masked');
  t.match(served.json().service.note, /EMS 1234567890/);
  t.equal((await h.post('reviewer', url, { method: '直接送达', servedOn: '2026-10-09' })).json().error.code, 'ALREADY_SERVED');
  t.match((await documentsOf(h, entryId))[0].service, { method: '邮寄送达', servedOn: '2026-10-09' });

  const entry = (await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json();
  t.equal(entry.deadline, notified.deadline, 'by default the window still runs from approval');
  t.match(entry.history.at(-1), { action: 'record_service', actor: 'rev-alice', fromState: 'notified', toState: 'notified' });
  t.notMatch(JSON.stringify((await h.get('reviewer', `/v1/audit?entityId=${entryId}`)).json()), idNumber, 'nor in the audit record');
  t.same(await h.auditProblems(), []);
});

t.test('with SIEVE_DEFENCE_FROM=service the defence window starts with the recorded service of the notice', async (t) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: { ...BUREAU, SIEVE_DEFENCE_FROM: 'service' } });
  const entryId = await proposed(h);
  const draft = (await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body;
  t.match(draft, '你有权自本告知书送达之日起第七个工作日结束前');
  clock.now = at('2026-09-30T10:00:00+08:00');
  const notified = (await approve(h, entryId)).json();
  t.equal(notified.state, 'notified');
  t.equal(notified.deadline, undefined, 'no deadline before service');

  clock.now = at('2026-11-30T10:00:00+08:00');
  const early = await act(h, entryId, 'supervisor2', { action: 'decide', decision: 'list', reason: '逾期未申辩' });
  t.equal(early.statusCode, 409, 'no listing while the notice is not served');
  t.match(early.json().error.message, /service/);
  const offered = (await h.get('supervisor2', `/v1/registry/entries/${entryId}`)).json().allowedActions;
  t.match(
    offered.find((a: { action: string; decision?: string }) => a.action === 'decide' && a.decision === 'list'),
    { unavailable: { code: 'NOT_SERVED' } },
    'the console is told why: the notice is not served yet',
  );

  const [doc] = await documentsOf(h, entryId);
  await h.post('reviewer', `/v1/registry/documents/${doc.id}/service`, { method: '直接送达', servedOn: '2026-10-09' });
  const served = (await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json();
  // Seven working days after Friday 9 Oct 2026: Saturday 10 Oct is a make-up working day, then 12–16 and 19 Oct.
  t.equal(served.deadline, '2026-10-19T23:59:59+08:00');
  const record = (await h.get('reviewer', `/v1/audit?entityId=${entryId}`)).json().items.at(-1);
  t.match(record, {
    action: 'record_service',
    data: { documentId: doc.id, method: '直接送达', servedOn: '2026-10-09', deadline: '2026-10-19T23:59:59.999+08:00' },
  });

  clock.now = at('2026-10-19T23:00:00+08:00');
  t.equal((await act(h, entryId, 'supervisor2', { action: 'decide', decision: 'list', reason: '逾期未申辩' })).statusCode, 409, 'not before the window ends');
  clock.now = at('2026-10-20T09:00:00+08:00');
  t.equal((await act(h, entryId, 'supervisor2', { action: 'decide', decision: 'list', reason: '逾期未申辩' })).json().state, 'listed');
  t.same(await h.auditProblems(), [], 'the deadline set by the service follows from the audit trail');
});

withChromium('a PDF is printed by Chromium from the same HTML, stored once, its hash in the audit chain', 'the PDF test', async (t: Test) => {
  const clock = { now: at('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { now: () => clock.now, env: { ...BUREAU, SIEVE_CHROMIUM_PATH: CHROMIUM } });
  const entryId = await proposed(h);
  clock.now = at('2026-09-30T10:00:00+08:00');
  await approve(h, entryId);
  const [doc] = await documentsOf(h, entryId);

  const res = await h.get('reviewer', `/v1/registry/documents/${doc.id}/pdf`);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/pdf');
  t.match(res.headers['content-disposition'], `filename*=UTF-8''${encodeURIComponent('鹿市监异告〔2026〕1号.pdf')}`);
  t.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  t.ok(res.rawPayload.length > 5000, `a real document (${res.rawPayload.length} bytes)`);

  const stored = (await documentsOf(h, entryId))[0];
  t.equal(stored.pdfSha256, sha256(res.rawPayload), 'the hash is the stored bytes’');
  const records = (await h.get('reviewer', `/v1/audit?entityId=${doc.id}`)).json().items;
  t.equal(records.length, 1, 'printed once, however often it is asked for');
  t.match(records[0], { entityType: 'registry_document', action: 'render_pdf', actor: 'system' });
  t.same(records[0].data, { entryId, kind: 'notice', number: '鹿市监异告〔2026〕1号', htmlSha256: doc.htmlSha256, pdfSha256: sha256(res.rawPayload) });
  const again = await h.get('reviewer', `/v1/registry/documents/${doc.id}/pdf`);
  t.equal(sha256(again.rawPayload), stored.pdfSha256, 'frozen: the same bytes every time');
  t.same(await h.auditProblems(), []);
});
