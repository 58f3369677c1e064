/**
 * Registry work in the console, in headless Chromium: a supervisor finds what needs them on the
 * desk, searches a person by ID number (never in a URL), allow-lists one person, makes a manual
 * proposal for another (a watch-level person, reachable only through search or the lists), is
 * told why they may not approve it themselves, and exports the registry in Chinese.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { buildTestApp, TOKENS } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { CHROMIUM, CHROMIUM_ARGS as ARGS, SHOTS } from '../helpers/browser.js';

const PEOPLE = {
  li: { name: '李职业', idNumber: residentId(701), phone: '13700137701' },
  wang: { name: '王某', idNumber: residentId(702), phone: '13700137702' },
  zhao: { name: '赵一般', idNumber: residentId(703), phone: '13700137703' },
};

if (!existsSync(CHROMIUM) && process.env.CI_REQUIRE_BROWSER) {
  t.fail(`${CHROMIUM} is missing (Debian package chromium): the console's browser test cannot run`);
} else if (!existsSync(CHROMIUM)) {
  t.plan(0, `${CHROMIUM} is missing (Debian package chromium): the console's browser test cannot run`);
} else {
  t.test('a supervisor runs registry work from the console', async (t) => {
    const h = await buildTestApp(t);
    const ids: Record<string, string> = {};
    for (let i = 0; i < 5; i++) ids.li = (await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: PEOPLE.li }))).json().complainantId;
    for (let i = 0; i < 4; i++)
      ids.wang = (await h.post('intake', '/v1/complaints', templatedComplaint(i + 10, { complainant: PEOPLE.wang }))).json().complainantId;
    const zhao = (await h.post('intake', '/v1/complaints', templatedComplaint(20, { complainant: PEOPLE.zhao }))).json();
    ids.zhao = zhao.complainantId;
    t.equal(zhao.assessment.level, 'watch', 'zhao is below review: not in the default queue');
    // A reviewer has proposed li: the supervisor's desk must show it for approval.
    const liEntry = (await h.get('reviewer', `/v1/registry/entries?complainantId=${ids.li}`)).json().items[0].id;
    await h.post('reviewer', `/v1/registry/entries/${liEntry}/actions`, { action: 'claim', reason: '审查' });
    await h.post('reviewer', `/v1/registry/entries/${liEntry}/actions`, { action: 'propose', reason: '模板化索赔' });

    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    t.teardown(() => browser.close());
    mkdirSync(SHOTS, { recursive: true });
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const visited: string[] = [];
    const problems: string[] = [];
    context.on('request', (r) => visited.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`policy: ${m.text()}`);
    });
    const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

    await page.goto(`${base}/console`);
    await page.getByLabel('访问令牌').fill(TOKENS.supervisor);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '待审查队列' }).waitFor();
    const queueText = await page.locator('table.queue').innerText();
    t.match(queueText, /李\*\*/, 'queue rows name people masked');
    t.match(queueText, /3303\*{10}\d{3}[\dX]/, 'with the masked ID number');
    t.match(queueText, /温州市/, 'and the region by name');
    t.notMatch(queueText, /code:|p_[A-Za-z0-9_-]{8,}/, 'no region codes, no internal ids as names');

    // The desk: what needs a supervisor today.
    await page.getByRole('link', { name: '工作台' }).click();
    const approvals = page.locator('section.desk-task', { has: page.getByRole('heading', { name: /^待批准告知书/ }) });
    await approvals.getByText('李**').waitFor();
    t.match(await approvals.getByRole('heading').innerText(), /（1）/, 'the proposal waiting for approval is on the desk');
    await shot(page, '11-supervisor-desk.png');

    // Search by ID number: found, and the number is in no URL.
    await page.getByRole('link', { name: '查找当事人' }).click();
    await page.getByLabel('查找方式').selectOption('idNumber');
    await page.getByLabel('查找内容').fill(PEOPLE.zhao.idNumber);
    await page.getByRole('button', { name: '查找' }).click();
    const result = page.locator('table.search-table tbody tr');
    await result.getByText('赵**').waitFor();
    t.match(await result.innerText(), /关注/, 'the watch-level person is found');
    await shot(page, '12-search.png');

    // A manual proposal for the watch-level person.
    await result.getByRole('link').click();
    const manual = page.getByRole('form', { name: '人工提议列入' });
    await manual.getByLabel('理由').fill('多次以相同理由索赔，人工提议列入');
    await manual.getByRole('button', { name: '提议列入' }).click();
    await status('已人工提议列入');
    // Four eyes: the supervisor who proposed it is told why they cannot approve it.
    const blocked = page.getByRole('group', { name: '暂不可执行的操作' });
    await blocked.getByText('批准告知书').waitFor();
    await blocked
      .getByText(/四眼原则：提议人不能批准告知书/)
      .first()
      .waitFor();
    t.equal(await page.getByRole('form', { name: '批准告知书' }).count(), 0, 'approval is not offered to the proposer');
    await page.getByText('人工提议列入').first().waitFor();
    await shot(page, '13-manual-proposal.png');
    const zhaoEntries = (await h.get('reviewer', `/v1/registry/entries?complainantId=${ids.zhao}`)).json().items;
    t.match(zhaoEntries, [{ state: 'proposed', origin: 'manual', proposedBy: 'sup-carol' }]);

    // Allow-list wang until a date, from his page.
    await page.goto(`${base}/console#/complainants/${ids.wang}`);
    await page.getByLabel('访问令牌').isHidden();
    // Zhao's page, still shown until wang's is read, has the same form: filled before it is
    // replaced, the form submitted would be an empty one (seen once on a busy machine).
    await page.locator('#complainant-title .id', { hasText: ids.wang }).waitFor();
    const allow = page.getByRole('form', { name: '加入白名单' });
    await allow.waitFor();
    await allow.getByLabel('有效期至（含当日）').fill('2099-12-31');
    await allow.getByLabel('理由').fill('经核实为真实消费者');
    await allow.getByRole('button', { name: '加入白名单' }).click();
    await status('已加入白名单，有效期至 2099-12-31');
    const allowed = (await h.get('reviewer', '/v1/allowlist')).json().items;
    t.match(allowed, [{ complainantId: ids.wang, expiresAt: '2099-12-31T23:59:59+08:00', createdBy: 'sup-carol' }]);
    await page.getByRole('link', { name: '白名单' }).click();
    await page.locator('table.allowlist').getByText('经核实为真实消费者').waitFor();
    await shot(page, '14-allowlist.png');

    // The entries list: proposed entries include the manual one; the export is in Chinese.
    await page.getByRole('link', { name: '名录记录' }).click();
    await page.getByLabel('状态').selectOption('proposed');
    await page.locator('table.entries-list caption', { hasText: '共2条' }).waitFor();
    t.match(await page.locator('table.entries-list').innerText(), /人工提议/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出/ }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    t.match(csv, /名录记录编号,名录状态/, 'the export has Chinese headers');
    await shot(page, '15-entries.png');

    // An error box in Chinese only: a bad ID number in the search.
    await page.getByRole('link', { name: '查找当事人' }).click();
    await page.getByLabel('查找内容').fill('330302199001011230');
    await page.getByRole('button', { name: '查找' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('身份证号码：身份证号码校验位不正确').waitFor();
    t.notMatch(await alert.innerText(), /is not|\/idNumber|GB 11643/, 'no English message or field path');

    for (const p of Object.values(PEOPLE)) {
      t.notOk(
        visited.some((u) => u.includes(p.idNumber) || u.includes(p.phone)),
        'no ID number or phone in any URL',
      );
    }
    t.same(problems, [], 'no script errors and no CSP or Trusted Types violations');
  });
}
