/** Every list pages the same way: walking the cursors gives the whole list once, in its order. */
import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';

async function walk(h: TestApp, url: string, key: (item: Record<string, unknown>) => unknown) {
  const seen: unknown[] = [];
  let pages = 0;
  for (let cursor: string | null = ''; cursor !== null; pages++) {
    const res = await h.get('reviewer', `${url}${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.statusCode !== 200) throw new Error(res.body);
    const body = res.json();
    seen.push(...body.items.map(key));
    cursor = body.nextCursor;
  }
  return { seen, pages };
}

t.test('the queue, the registry entries and the audit trail page by cursor', async (t) => {
  const h = await buildTestApp(t);
  for (const person of [901, 902, 903])
    for (let i = 0; i < 3; i++)
      await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(person), phone: undefined } }));

  const cases: Array<[string, string, (item: Record<string, unknown>) => unknown]> = [
    ['queue', '/v1/complainants?level=review', (i) => i.id],
    ['entries', '/v1/registry/entries?state=flagged', (i) => i.id],
    ['audit', '/v1/audit?entityId=', (i) => i.seq],
  ];
  for (const [name, url, key] of cases) {
    const all = (await h.get('reviewer', `${url}&limit=500`)).json();
    t.equal(all.items.length, 3, `${name}: three in all`);
    t.equal(all.nextCursor, null, `${name}: one page holds them`);
    const byOne = await walk(h, `${url}&limit=1`, key);
    t.same(byOne.seen, all.items.map(key), `${name}: one at a time, the same items in the same order`);
    t.equal(byOne.pages, 3, `${name}: the last page says there is no next`);
    const byTwo = await walk(h, `${url}&limit=2`, key);
    t.same(byTwo.seen, all.items.map(key), `${name}: two at a time, too`);
    t.equal(byTwo.pages, 2);
    const bad = await h.get('reviewer', `${url}&cursor=not-a-cursor`);
    t.equal(bad.statusCode, 400, `${name}: a cursor the list never gave out`);
    t.equal(bad.json().error.details[0].path, '/querystring/cursor');
  }
});
