/**
 * The reviewer console in headless Chromium against a real app on a real port: a reviewer signs in
 * by keyboard, opens the top flagged complainant, reads the evidence, claims and proposes a
 * listing; a supervisor in a second browser context approves the notice. A screenshot of each step
 * goes to test-output/e2e/.
 */
import t from 'tap';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CHROMIUM, CHROMIUM_ARGS as ARGS, SHOTS } from '../helpers/browser.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTestApp, TOKENS } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';

/** Two professional claimants, so that "the top of the queue" has to be found. */
const PEOPLE = {
  li: { idNumber: residentId(501), phone: '13700137000' },
  wang: { name: '王某', idNumber: residentId(502), phone: '13900139000' },
};

if (!existsSync(CHROMIUM) && process.env.CI_REQUIRE_BROWSER) {
  // In CI a missing browser is a failure, not a skip: the browser test is part of what CI proves.
  t.fail(`${CHROMIUM} is missing (Debian package chromium): the console's browser test cannot run`);
} else if (!existsSync(CHROMIUM)) {
  t.plan(0, `${CHROMIUM} is missing (Debian package chromium): the console's browser test cannot run`);
} else {
  t.test('a reviewer proposes a listing and another person approves the notice, all in the console', async (t) => {
    const started = Date.now();
    const h = await buildTestApp(t);
    for (let i = 0; i < 5; i++) await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: PEOPLE.li }));
    for (let i = 0; i < 4; i++) await h.post('intake', '/v1/complaints', templatedComplaint(i + 10, { complainant: PEOPLE.wang }));
    const queue = (await h.get('reviewer', '/v1/complainants?level=review&order=work')).json();
    t.ok(queue.items.length >= 1, 'the seed data gives a flagged queue');
    const top = (await h.get('reviewer', `/v1/complainants/${queue.items[0].id}`)).json();
    const entryId: string = top.entries[0].id;

    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    t.teardown(() => browser.close());
    mkdirSync(SHOTS, { recursive: true });
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

    const visited: string[] = [];
    const problems: string[] = [];
    async function openConsole() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      context.on('request', (r) => visited.push(r.url()));
      const page = await context.newPage();
      page.on('framenavigated', (f) => visited.push(f.url()));
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      page.on('console', (m) => {
        if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`policy: ${m.text()}`);
      });
      const response = await page.goto(`${base}/console`);
      return { context, page, response: response! };
    }
    const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
    const bodyText = (page: Page) => page.locator('body').innerText();

    // The reviewer, by keyboard: the token field and the button are the first two stops.
    const reviewer = await openConsole();
    const rp = reviewer.page;
    const csp = reviewer.response.headers()['content-security-policy'];
    t.match(csp, /script-src 'self'/, 'the console is served with a Content-Security-Policy');
    t.match(csp, /connect-src 'self'/);
    await rp.keyboard.press('Tab');
    t.ok(await rp.getByLabel('访问令牌').evaluate((e) => e.matches(':focus')), 'Tab reaches the token field, found by its label');
    await rp.keyboard.type(TOKENS.reviewer);
    await rp.keyboard.press('Tab');
    t.ok(await rp.getByRole('button', { name: '登录', exact: true }).evaluate((e) => e.matches(':focus')), 'the next Tab reaches the sign-in button');
    await rp.keyboard.press('Enter');
    await rp.getByRole('heading', { name: '待审查队列' }).waitFor();
    await rp.getByText('rev-alice（审查员）').waitFor();
    await shot(rp, '01-reviewer-queue.png');

    const firstLink = rp.locator('table.queue tbody tr').first().getByRole('link');
    t.equal(await firstLink.getAttribute('title'), top.id, 'the queue starts with the first in work order');
    await firstLink.click();
    await rp.getByRole('heading', { name: /^当事人/ }).waitFor();
    for (const f of top.assessment.findings) await rp.getByRole('heading', { name: f.title }).waitFor();
    t.pass(`all ${top.assessment.findings.length} findings are shown by title`);
    t.ok(await rp.getByText('《中华人民共和国食品安全法》第一百四十八条', { exact: false }).first().isVisible(), 'with their legal basis');
    await rp.locator('.compare mark').first().waitFor();
    t.equal(await rp.locator('.compare .pane').count(), 2, 'two similar complaints side by side, shared passages marked');
    t.ok(await rp.locator('svg.timeline rect').first().isVisible(), 'the timeline chart is drawn');
    await shot(rp, '02-reviewer-evidence.png');

    const claim = rp.getByRole('form', { name: '认领审查' });
    await claim.getByLabel('理由').fill('开始审查：多次主张十倍赔偿');
    await claim.getByRole('button', { name: '认领' }).click();
    await status(rp, '当前状态：审查中');
    const propose = rp.getByRole('form', { name: '提议列入名录' });
    await propose.getByLabel('对其投诉核查是否存在真实消费关系').check();
    await propose.getByLabel('理由').fill('近期以同一模板向多家经营者主张十倍赔偿，购买金额均很小');
    await propose.getByRole('button', { name: '提议列入' }).click();
    await status(rp, '当前状态：已提议列入');
    t.equal(await rp.locator('.entry form.action').count(), 0, 'a reviewer is offered no supervisor action on a proposal');
    await rp.getByRole('button', { name: '预览告知书（草稿）' }).click();
    const draft = rp.frameLocator('iframe.notice');
    await draft.getByText('草稿 — 未经批准，不得送达').waitFor();
    t.equal(
      await draft.locator('h1').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).textAlign),
      'center',
      "the notice keeps its own styles under the console's CSP",
    );
    await shot(rp, '03-reviewer-proposed.png');
    const reviewerText = await bodyText(rp);

    // The supervisor, in a separate context: finds the proposal by its state and approves the notice.
    const supervisor = await openConsole();
    const sp = supervisor.page;
    await sp.getByLabel('访问令牌').fill(TOKENS.admin);
    await sp.getByRole('button', { name: '登录', exact: true }).click();
    await sp.getByRole('alert').filter({ hasText: '仅供审查员和主管使用' }).waitFor();
    t.pass('an admin token is refused: the console is for reviewers and supervisors');
    await sp.getByLabel('访问令牌').fill(TOKENS.supervisor);
    await sp.getByRole('button', { name: '登录', exact: true }).click();
    await sp.getByRole('heading', { name: '待审查队列' }).waitFor();
    await sp.getByLabel('名录状态').selectOption('proposed');
    await sp.locator('table.queue caption', { hasText: '共1人' }).waitFor();
    await sp.locator(`table.queue a[title="${top.id}"]`).click();
    const approve = sp.getByRole('form', { name: '批准告知书' });
    await approve.getByLabel('理由').fill('证据充分，同意告知');
    await approve.getByRole('button', { name: '批准并告知' }).click();
    await status(sp, '当前状态：已告知');
    await sp.locator('table.audit').getByText('批准告知').waitFor();
    await shot(sp, '04-supervisor-notified.png');

    const decide = sp.getByRole('form', { name: '作出决定' });
    t.ok(await decide.getByLabel('列入名录').isDisabled(), 'listing is not offered before a defence or the deadline');
    await decide.getByText(/申辩期限至 \d{4}-\d{2}-\d{2} 届满/).waitFor();
    t.ok(await decide.getByLabel('不予列入').isEnabled(), 'dropping is');
    await sp.getByRole('group', { name: '暂不可执行的操作' }).getByText('作出决定（列入名录）').waitFor();
    t.pass('the unavailable decision is named with its reason');
    await shot(sp, '05-supervisor-refused.png');
    await sp.getByRole('button', { name: '预览告知书' }).click();
    const notice = sp.frameLocator('iframe.notice');
    await notice.getByText('投诉举报异常名录列入告知书').first().waitFor();
    const noticeText = await notice.locator('body').innerText();
    t.notMatch(noticeText, /草稿 — 未经批准/, 'the approved notice is no longer a draft');
    const supervisorText = await bodyText(sp);

    // Four eyes, as the console shows it: a supervisor who proposes may not approve.
    const other = queue.items.find((i: { id: string }) => i.id !== top.id);
    await sp.getByRole('link', { name: '待审查队列' }).click();
    await sp.getByLabel('名录状态').selectOption('flagged');
    await sp.locator(`table.queue a[title="${other.id}"]`).click();
    await sp.getByRole('form', { name: '认领审查' }).getByLabel('理由').fill('主管直接审查');
    await sp.getByRole('button', { name: '认领' }).click();
    await status(sp, '当前状态：审查中');
    await sp.getByRole('form', { name: '提议列入名录' }).getByLabel('理由').fill('同一模板，十倍赔偿');
    await sp.getByRole('button', { name: '提议列入' }).click();
    await status(sp, '当前状态：已提议列入');
    const blocked = sp.getByRole('group', { name: '暂不可执行的操作' });
    await blocked.getByText('批准告知书').waitFor();
    await blocked
      .getByText(/四眼原则/)
      .first()
      .waitFor();
    t.equal(await sp.getByRole('form', { name: '批准告知书' }).count(), 0, 'four eyes: the proposer is not offered the approval, and is told why');
    await shot(sp, '06-supervisor-four-eyes.png');
    const otherEntry = (await h.get('reviewer', `/v1/registry/entries?complainantId=${other.id}`)).json().items[0];
    t.equal(otherEntry.state, 'proposed', 'and nothing changed');

    const entry = (await h.get('reviewer', `/v1/registry/entries/${entryId}`)).json();
    t.equal(entry.state, 'notified', 'the service holds the entry as notified');
    t.same(
      entry.history.map((x: { action: string; actor: string }) => `${x.action}:${x.actor}`),
      ['flag:system', 'claim:rev-alice', 'propose:rev-alice', 'approve_notice:sup-carol'],
    );
    t.same(entry.measures, ['priority_identity_check', 'consumer_relationship_check'], 'with the measures chosen in the form');

    for (const text of [reviewerText, supervisorText, noticeText]) {
      for (const p of Object.values(PEOPLE)) {
        t.notOk(text.includes(p.idNumber) || text.includes(p.phone), 'no raw ID number or phone on the page');
      }
      t.notMatch(text, /(?<!\d)\d{17}[\dX](?!\d)/, 'nothing shaped like a resident ID number');
    }
    t.ok(visited.length > 10, 'requests were recorded');
    const leaked = visited.filter((u) => Object.values(TOKENS).some((token) => u.includes(token)));
    t.same(leaked, [], 'no token in any URL the pages visited');
    t.same(problems, [], 'no script errors and no CSP or Trusted Types violations');

    await sp.getByRole('button', { name: '退出登录' }).click();
    await sp.getByRole('heading', { name: '登录' }).waitFor();
    t.notOk((await bodyText(sp)).includes(top.id), 'signing out clears what was shown');
    t.same(await supervisor.context.cookies(), [], 'no cookies');
    t.same(await sp.evaluate('localStorage.length + sessionStorage.length'), 0, 'nothing in web storage');
    await shot(sp, '07-signed-out.png');
    t.comment(`browser flow took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}
