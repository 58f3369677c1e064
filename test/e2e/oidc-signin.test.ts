/**
 * A supervisor signs in to the console in headless Chromium through a real OpenID Connect provider
 * (oidc-provider, started by the test): the console offers 统一身份认证 instead of the token field,
 * the provider's login page sends the browser back with a session cookie the page cannot read, the
 * queue shows, a claim made in the console passes the CSRF check and is audited under the provider's
 * identity, and signing out ends the session here and at the provider.
 */
import t from 'tap';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS as ARGS, SHOTS } from '../helpers/browser.js';
import { chromium, type Browser } from 'playwright-core';
import { buildTestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { freePort, startProvider } from '../helpers/oidc-provider.js';

if (!existsSync(CHROMIUM) && process.env.CI_REQUIRE_BROWSER) {
  t.fail(`${CHROMIUM} is missing (Debian package chromium): the sign-in browser test cannot run`);
} else if (!existsSync(CHROMIUM)) {
  t.plan(0, `${CHROMIUM} is missing (Debian package chromium): the sign-in browser test cannot run`);
} else {
  t.test('a supervisor signs in through the identity provider and works in the console', async (t) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const provider = await startProvider(t, { redirectUrl: `${base}/auth/oidc/callback` });
    const h = await buildTestApp(t, { env: provider.env(`${base}/auth/oidc/callback`) });
    const person = { idNumber: residentId(601), phone: '13700137001' };
    for (let i = 0; i < 5; i++) await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: person }));
    const queue = (await h.get('supervisor', '/v1/complainants?level=review')).json();
    t.equal(queue.items.length, 1, 'the seed data gives one flagged person');
    const flagged: string = queue.items[0].id;
    await h.app.listen({ port, host: '127.0.0.1' });

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    t.teardown(() => browser.close());
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`policy: ${m.text()}`);
    });
    // The provider's development pages pull a web font; the test machine is offline.
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort());

    await page.goto(`${base}/console`);
    const signIn = page.getByRole('link', { name: '通过统一身份认证登录' });
    await signIn.waitFor();
    t.notOk(await page.getByLabel('访问令牌').isVisible(), 'the token field gives way to the provider');
    await signIn.click();

    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill('zhang.wei');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.waitForURL(`${base}/console`);
    await page.getByRole('heading', { name: '待审查队列' }).waitFor();
    await page.getByText('张伟（主管）').waitFor();
    t.pass('back in the console as the supervisor the provider named, with the queue');
    await page.getByRole('link', { name: flagged }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'oidc-01-supervisor-queue.png'), fullPage: true });

    const cookie = (await context.cookies(base)).find((c) => c.name === 'sieve_session');
    t.match(cookie, { httpOnly: true, sameSite: 'Strict', secure: false, path: '/' }, 'the session cookie is httpOnly and SameSite=Strict');
    t.equal(await page.locator('body').evaluate((b) => b.ownerDocument.cookie.includes('sieve_session')), false, "the page's scripts cannot read it");

    // A writing request from the console: it carries the session's CSRF token.
    await page.getByRole('link', { name: flagged }).click();
    const claim = page.getByRole('form', { name: '认领审查' });
    await claim.getByLabel('理由').fill('开始审查：多次主张十倍赔偿');
    await claim.getByRole('button', { name: '认领' }).click();
    await page.getByRole('status').filter({ hasText: '当前状态：审查中' }).waitFor();
    const entryId: string = (await h.get('supervisor', `/v1/complainants/${flagged}`)).json().entries[0].id;
    const claimed = (await h.get('supervisor', `/v1/audit?entityId=${entryId}`)).json().items.find((r: { action: string }) => r.action === 'claim');
    t.match(
      claimed,
      { actor: 'zhang.wei', actorIdentity: { issuer: provider.issuer, subject: 'zhang.wei', name: '张伟' } },
      'audited under the provider identity',
    );

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/console`);
    await signIn.waitFor();
    t.pass('signed out here and at the provider, and back at the sign-in');
    t.equal(
      (await context.cookies(base)).find((c) => c.name === 'sieve_session'),
      undefined,
      'the cookie is gone',
    );
    await page.screenshot({ path: join(SHOTS, 'oidc-02-signed-out.png'), fullPage: true });
    t.same(problems, [], 'no script errors or policy violations');
  });
}
