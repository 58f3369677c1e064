/**
 * Issue 16's "Done when" as one story, in headless Chromium: a supervisor signs in through a local
 * OpenID Connect provider and, in the browser only, finds on the desk the proposal waiting for
 * them, searches a person by ID number (never in a URL), allow-lists that person, makes a manual
 * proposal for another, approves a reviewer's proposal, prints its notice (official number,
 * Chinese dates, region names) and downloads its PDF, records its service, and — with the app's
 * clock moved past the defence window — signs in again, lists the person and prints the listing
 * decision. The API is used only to set up what happened before the day (complaints, a reviewer's
 * proposal) and to read what the browser did. `/openapi.json` is validated at the end.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Download, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { creditCode, residentId, templatedComplaint } from '../helpers/factories.js';
import { CHROMIUM, CHROMIUM_ARGS, SHOTS, withChromium } from '../helpers/browser.js';
import { freePort, startProvider } from '../helpers/oidc-provider.js';
import { loadCalendar } from '../../src/registry/calendar.js';
import { DAY_MS } from '../../src/shared/time.js';

const PEOPLE = {
  // Proposed by a reviewer; the respondents' regions are known only from their credit codes (洞头区).
  sun: { name: '孙职业', idNumber: residentId(901), phone: '13700139001' },
  // Flagged; the supervisor finds and allow-lists him.
  zhou: { name: '周真实', idNumber: residentId(902), phone: '13700139002' },
  // Watch level only; the supervisor proposes him by hand.
  wu: { name: '吴一般', idNumber: residentId(903), phone: '13700139003' },
};
const CHINESE_DATE = /\d{4}年\d{1,2}月\d{1,2}日/;
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

withChromium('a supervisor’s day, in the browser only, signed in through the identity provider', 'the supervisor’s-day browser test', async (t: Test) => {
  // The app's clock: real time plus however far the test has moved it on.
  let offset = 0;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startProvider(t, { redirectUrl: `${base}/auth/oidc/callback` });
  const h = await buildTestApp(t, {
    now: () => Date.now() + offset,
    env: {
      ...provider.env(`${base}/auth/oidc/callback`),
      SIEVE_CHROMIUM_PATH: CHROMIUM,
      SIEVE_BUREAU_NAME: '温州市鹿城区市场监督管理局',
      SIEVE_DOCUMENT_PREFIX_NOTICE: '鹿市监异告',
      SIEVE_DOCUMENT_PREFIX_DECISION: '鹿市监异决',
    },
  });

  // Before the day: complaints from intake, and a reviewer's claim and proposal of 孙.
  const ids: Record<keyof typeof PEOPLE, string> = { sun: '', zhou: '', wu: '' };
  for (let i = 0; i < 5; i++) {
    const body = templatedComplaint(i, { complainant: PEOPLE.sun, respondent: { creditCode: creditCode(300 + i, '330305'), region: undefined } });
    ids.sun = (await h.post('intake', '/v1/complaints', body)).json().complainantId;
  }
  for (let i = 0; i < 4; i++)
    ids.zhou = (await h.post('intake', '/v1/complaints', templatedComplaint(i + 10, { complainant: PEOPLE.zhou }))).json().complainantId;
  const wu = (await h.post('intake', '/v1/complaints', templatedComplaint(20, { complainant: PEOPLE.wu }))).json();
  ids.wu = wu.complainantId;
  t.equal(wu.assessment.level, 'watch', '吴 is below review: nothing flags him');
  const sunEntry: string = (await h.get('reviewer', `/v1/registry/entries?complainantId=${ids.sun}`)).json().items[0].id;
  for (const body of [
    { action: 'claim', reason: '开始审查' },
    { action: 'propose', reason: '以同一模板向多家商户索要十倍赔偿' },
  ])
    t.equal((await h.post('reviewer', `/v1/registry/entries/${sunEntry}/actions`, body)).statusCode, 200, `the reviewer's ${body.action}`);

  await h.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  // The provider's development pages pull a web font; the test machine is offline.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const requested: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`policy: ${m.text()}`);
  });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first().waitFor();
  const pdfOf = async (download: Promise<Download>) => readFileSync((await (await download).path())!);

  /** Signs in through the provider; it may remember the browser and send it straight back. */
  async function signIn() {
    await page.getByRole('link', { name: '通过统一身份认证登录' }).click();
    const login = page.locator('input[name="login"]');
    const queue = page.getByRole('heading', { name: '待审查队列' });
    await login.or(queue).first().waitFor();
    if (await login.isVisible()) {
      await login.fill('zhang.wei');
      await page.locator('input[name="password"]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
    }
    await queue.waitFor();
    await page.getByText('张伟（主管）').waitFor();
  }

  /** Searches 查找当事人 by ID number and waits for the person, shown masked, among the results. */
  async function searchByIdNumber(idNumber: string, masked: string) {
    await page.getByRole('link', { name: '查找当事人' }).click();
    await page.getByLabel('查找方式').selectOption('idNumber');
    await page.getByLabel('查找内容').fill(idNumber);
    await page.getByRole('button', { name: '查找' }).click();
    const rows = page.locator('table.search-table tbody tr');
    await rows.getByText(masked).waitFor();
    return rows;
  }

  /** Prints an entry's document from its row and returns the printed text. */
  async function printed(row: ReturnType<Page['locator']>): Promise<string> {
    await row.getByRole('button', { name: '打印' }).click();
    const frame = page.frameLocator('iframe.print-frame');
    await frame.locator('h1').waitFor({ state: 'attached' });
    return frame.locator('body').evaluate((b) => b.textContent ?? '');
  }

  await page.goto(`${base}/console`);
  await signIn();
  t.pass('signed in through the provider as a supervisor');

  // The desk: the reviewer's proposal waits for the supervisor's approval.
  await page.getByRole('link', { name: '工作台' }).click();
  const approvals = page.locator('section.desk-task', { has: page.getByRole('heading', { name: /^待批准告知书/ }) });
  await approvals.getByText('孙**').waitFor();
  t.match(await approvals.getByRole('heading').innerText(), /（1）/, 'one proposal waits for approval');
  await shot('sd-01-desk.png');

  // Search by ID number, and allow-list the person found.
  const found = await searchByIdNumber(PEOPLE.zhou.idNumber, '周**');
  t.equal(await found.count(), 1, 'the ID number finds exactly one person');
  await shot('sd-02-search.png');
  await found.getByRole('link').click();
  const allow = page.getByRole('form', { name: '加入白名单' });
  const until = shanghaiDay(Date.now() + 365 * DAY_MS);
  await allow.getByLabel('有效期至（含当日）').fill(until);
  await allow.getByLabel('理由').fill('经核实为真实消费者，确有维权需要');
  await allow.getByRole('button', { name: '加入白名单' }).click();
  await status(`已加入白名单，有效期至 ${until}`);
  await page.getByText(`已在白名单：至 ${until}`).waitFor();
  await shot('sd-03-allowlisted.png');

  // A manual proposal for the watch-level person, found the same way.
  await searchByIdNumber(PEOPLE.wu.idNumber, '吴**');
  await found.getByRole('link').click();
  const manual = page.getByRole('form', { name: '人工提议列入' });
  await manual.getByLabel('理由').fill('多次以相同理由索赔，人工提议列入');
  await manual.getByRole('button', { name: '提议列入' }).click();
  await status('已人工提议列入');
  await page
    .getByRole('group', { name: '暂不可执行的操作' })
    .getByText(/四眼原则/)
    .first()
    .waitFor();
  await shot('sd-04-manual-proposal.png');

  // Approve the reviewer's proposal, reached from the desk.
  await page.getByRole('link', { name: '工作台' }).click();
  await approvals.getByText('孙**').waitFor();
  t.match(await approvals.getByRole('heading').innerText(), /（2）/, 'the manual proposal joins the desk, for another supervisor');
  await approvals.getByRole('link', { name: '孙**' }).click();
  const approve = page.getByRole('form', { name: '批准告知书' });
  await approve.getByLabel('理由').fill('证据充分，同意告知');
  await approve.getByRole('button', { name: '批准并告知' }).click();
  await status('当前状态：已告知');

  // The notice: its number, dates and regions as a person reads them, printed and as a PDF.
  const approved = (await h.get('supervisor', `/v1/registry/entries/${sunEntry}`)).json();
  t.match(approved, { state: 'notified', approvedBy: 'zhang.wei', proposedBy: 'rev-alice' }, 'approved by the provider’s supervisor');
  const documents = page.locator('section.documents');
  const noticeRow = documents.locator('tr[data-document="notice"]');
  await noticeRow.getByText(/^鹿市监异告〔\d{4}〕\d+号$/).waitFor();
  const noticeNumber = (await noticeRow.locator('td').nth(1).innerText()).trim();
  t.match(noticeNumber, /^鹿市监异告〔\d{4}〕1号$/, 'the notice is numbered in the official form');
  const notice = await printed(noticeRow);
  t.ok(notice.includes(noticeNumber), 'the printed notice carries its number');
  t.match(notice, /投诉举报异常名录列入告知书/);
  t.match(notice, CHINESE_DATE, 'with Chinese dates');
  const deadline = Date.parse(approved.deadline);
  const deadlineDay = shanghaiDay(deadline).split('-').map(Number);
  t.ok(notice.includes(`${deadlineDay[0]}年${deadlineDay[1]}月${deadlineDay[2]}日`), 'the defence deadline as a Chinese date');
  t.match(notice, /洞头区/, 'the region by name, where only a credit code gave it');
  t.notMatch(notice, /code:|T\d\d:\d\d|\d{4}-\d{2}-\d{2}/, 'no region codes, no ISO dates');
  t.match(notice, /温州市鹿城区市场监督管理局/, 'issued by the configured bureau');
  const noticeDownload = page.waitForEvent('download');
  await noticeRow.getByRole('button', { name: '下载 PDF' }).click();
  t.equal((await noticeDownload).suggestedFilename(), `${noticeNumber}.pdf`);
  t.equal((await pdfOf(noticeDownload)).subarray(0, 5).toString('latin1'), '%PDF-', 'the notice as a PDF');
  await shot('sd-05-notice.png');

  // Its service, recorded in the form.
  const today = shanghaiDay(Date.now());
  const service = page.getByRole('form', { name: `登记送达：投诉举报异常名录列入告知书（${noticeNumber}）` });
  await service.getByLabel('送达方式').selectOption('直接送达');
  await service.getByLabel('送达日期').fill(today);
  await service.getByLabel(/备注/).fill('本人到局签收');
  await service.getByRole('button', { name: '登记送达' }).click();
  await status('已登记送达');
  await documents.locator('tr[data-document="notice"]').getByText(`直接送达，${today}`).waitFor();
  // Within the window the console offers no listing, and says why.
  const decideForm = page.getByRole('form', { name: '作出决定' });
  await decideForm
    .getByText(`申辩期限至 ${shanghaiDay(deadline)} 届满`)
    .first()
    .waitFor();
  t.ok(await decideForm.getByLabel('列入名录').isDisabled(), 'listing is not offered before the deadline');
  await shot('sd-06-served.png');

  // The defence window: seven working days after the day of approval, by the bundled calendar.
  const counted = loadCalendar().defenceDeadline(Date.parse(approved.approvedAt), 7);
  t.equal(deadline, counted - (counted % 1000), 'the deadline counts working days (shown to the second)');
  offset = deadline + 3600_000 - Date.now();
  t.ok(offset > 7 * DAY_MS, 'the clock moves on more than a week');

  // After the window: the browser's clock moves on with the app's (the console counts days left
  // by it); the session has ended with the time that passed, so the supervisor signs in again.
  await context.clock.setSystemTime(Date.now() + offset);
  await page.reload();
  await signIn();
  t.pass('the session ended with the time that passed, and the supervisor signed in again');
  await page.getByRole('link', { name: '工作台' }).click();
  const due = page.locator('section.desk-task', { has: page.getByRole('heading', { name: /^申辩期已满，待作出决定/ }) });
  await due.getByText('孙**').waitFor();
  t.match(await due.locator('tbody tr').innerText(), `申辩期已满（${shanghaiDay(deadline)}）`, 'the desk says the window is over');
  await shot('sd-07-window-over.png');
  await due.getByRole('link', { name: '孙**' }).click();
  await decideForm.getByLabel('列入名录').check();
  await decideForm.getByLabel('理由').fill('申辩期满未提出申辩，依法列入名录');
  await decideForm.getByRole('button', { name: '提交决定' }).click();
  await status('当前状态：已列入名录');

  // The listing decision: numbered, printed and as a PDF.
  const decisionRow = documents.locator('tr[data-document="decision"]');
  await decisionRow.getByText(/^鹿市监异决〔\d{4}〕1号$/).waitFor();
  const decisionNumber = (await decisionRow.locator('td').nth(1).innerText()).trim();
  const decision = await printed(decisionRow);
  t.match(decision, /投诉举报异常名录列入决定书/);
  t.ok(decision.includes(decisionNumber), 'the printed decision carries its number');
  t.ok(decision.includes(noticeNumber), 'and cites the notice');
  t.match(decision, CHINESE_DATE);
  t.notMatch(decision, /code:|\d{4}-\d{2}-\d{2}/);
  const decisionDownload = page.waitForEvent('download');
  await decisionRow.getByRole('button', { name: '下载 PDF' }).click();
  t.equal((await decisionDownload).suggestedFilename(), `${decisionNumber}.pdf`);
  t.equal((await pdfOf(decisionDownload)).subarray(0, 5).toString('latin1'), '%PDF-', 'the decision as a PDF');
  await shot('sd-08-listed.png');

  // What the browser did, as the service recorded it.
  t.match((await h.get('supervisor', `/v1/registry/entries/${sunEntry}`)).json(), { state: 'listed', decision: 'list', decidedBy: 'zhang.wei' });
  t.match((await h.get('reviewer', '/v1/allowlist')).json().items, [{ complainantId: ids.zhou, createdBy: 'zhang.wei' }]);
  t.match((await h.get('reviewer', `/v1/registry/entries?complainantId=${ids.wu}`)).json().items, [
    { state: 'proposed', origin: 'manual', proposedBy: 'zhang.wei' },
  ]);
  for (const p of Object.values(PEOPLE))
    t.notOk(
      requested.some((u) => u.includes(p.idNumber) || u.includes(p.phone)),
      `${p.name}'s ID number and phone are in no URL`,
    );
  t.same(problems, [], 'no script errors and no CSP or Trusted Types violations');
  t.same(await h.auditProblems(), [], 'the audit chain verifies');

  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const result = await new Validator().validate((await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>);
  t.same(result, { valid: true }, '/openapi.json is a valid OpenAPI document');
});
