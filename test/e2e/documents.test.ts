/**
 * An entry's documents in the console, in headless Chromium against a real app on a real port: a
 * reviewer finds the notice with its number, prints it with its print stylesheet, downloads its
 * PDF (printed by the same Chromium on the server) and records its service. Screenshots go to
 * test-output/e2e/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Test } from 'tap';
import { buildTestApp, TOKENS } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { CHROMIUM, CHROMIUM_ARGS, withChromium } from '../helpers/browser.js';

const SHOTS = join('test-output', 'e2e');

withChromium('a reviewer prints the notice, downloads its PDF and records its service, in the console', 'the documents’ browser test', async (t: Test) => {
  const h = await buildTestApp(t, {
    env: { SIEVE_CHROMIUM_PATH: CHROMIUM, SIEVE_BUREAU_NAME: '温州市鹿城区市场监督管理局', SIEVE_DOCUMENT_PREFIX_NOTICE: '鹿市监异告' },
  });
  let res;
  for (let i = 0; i < 4; i++) res = (await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(801) } }))).json();
  const { entryId } = res.registry;
  const complainantId = res.complainantId;
  for (const [as, body] of [
    ['reviewer', { action: 'claim', reason: '开始审查' }],
    ['reviewer', { action: 'propose', reason: '多次索要十倍赔偿' }],
    ['supervisor', { action: 'approve_notice', reason: '同意告知' }],
  ] as const)
    t.equal((await h.post(as, `/v1/registry/entries/${entryId}/actions`, body)).statusCode, 200);
  const [doc] = (await h.get('reviewer', `/v1/registry/entries/${entryId}/documents`)).json().items;
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  t.equal(doc.number, `鹿市监异告〔${year}〕1号`);

  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) problems.push(`policy: ${m.text()}`);
  });
  await page.goto(`${base}/console`);
  await page.getByLabel('访问令牌').fill(TOKENS.reviewer);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '待审查队列' }).waitFor();
  await page.evaluate(`location.hash = ${JSON.stringify(`#/complainants/${complainantId}`)}`);

  const section = page.locator('section.documents');
  const row = section.locator('tr[data-document="notice"]');
  await row.getByText(doc.number).waitFor();
  t.match(await row.innerText(), /投诉举报异常名录列入告知书/);
  t.match(await row.innerText(), /未登记/, 'not served yet');

  await row.getByRole('button', { name: '打印' }).click();
  const printed = page.frameLocator('iframe.print-frame');
  await printed.getByText(doc.number).waitFor({ state: 'attached' });
  t.equal(
    await printed.locator('h1').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).textAlign),
    'center',
    'printed with its own stylesheet, under the console’s CSP',
  );

  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载 PDF' }).click();
  const file = await download;
  t.equal(file.suggestedFilename(), `${doc.number}.pdf`);
  const bytes = readFileSync((await file.path())!);
  t.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF, printed on the server');

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const form = page.getByRole('form', { name: `登记送达：投诉举报异常名录列入告知书（${doc.number}）` });
  await form.getByLabel('送达方式').selectOption('邮寄送达');
  await form.getByLabel('送达日期').fill(today);
  await form.getByLabel(/备注/).fill('EMS 9876543210，本人签收');
  await form.getByRole('button', { name: '登记送达' }).click();
  await page.getByRole('status').filter({ hasText: '已登记送达' }).waitFor();
  await section.locator('tr[data-document="notice"]').getByText(`邮寄送达，${today}`).waitFor();
  t.equal(await page.getByRole('form', { name: /^登记送达/ }).count(), 0, 'a service is recorded once');
  await page.locator('table.history').getByText('登记送达').waitFor();
  await page.screenshot({ path: join(SHOTS, '10-documents.png'), fullPage: true });

  const stored = (await h.get('reviewer', `/v1/registry/entries/${entryId}/documents`)).json().items[0];
  t.match(stored.service, { method: '邮寄送达', servedOn: today, recordedBy: 'rev-alice' });
  t.same(problems, [], 'no script errors and no CSP or Trusted Types violations');
});
