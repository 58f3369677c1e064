/**
 * The console without a browser: how its page and assets are served, and the two pure routines
 * the page relies on to show text safely (shared-passage highlighting, masking of identifiers).
 */
import t from 'tap';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTestApp } from '../helpers/app.js';
import { STATIC_DIR } from '../../src/review-console/console.routes.js';
import { OPEN_STATES, REGISTRY_STATES } from '../../src/registry/state-machine.js';

interface Segment {
  text: string;
  shared: boolean;
}
interface Side {
  segments: Segment[];
  share: number;
}
const { sharedPassages } = (await import(pathToFileURL(join(STATIC_DIR, 'highlight.js')).href)) as {
  sharedPassages: (a: string, b: string) => { left: Side; right: Side };
};
const { maskText, visible } = (await import(pathToFileURL(join(STATIC_DIR, 'dom.js')).href)) as {
  maskText: (text: string) => string;
  visible: (text: string) => string;
};

t.test('GET /console is the page itself, with a strict CSP, for anyone', async (t) => {
  const h = await buildTestApp(t);
  const res = await h.get(null, '/console');
  t.equal(res.statusCode, 200, 'no token needed, no redirect');
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /script-src 'self'(;|$)/, 'scripts from this origin only');
  t.match(csp, /connect-src 'self'(;|$)/, 'requests to this origin only');
  t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline script, no eval');
  t.match(csp, /form-action 'none'/, 'a form can never submit a token natively');
  t.match(csp, /frame-ancestors 'none'/);
  t.notMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script element');
  t.notMatch(res.body, /\sstyle=|<style/, 'no inline styles');

  const withHeader = await h.req(null, { method: 'GET', url: '/console', headers: { authorization: 'Bearer not-a-real-token' } });
  t.equal(withHeader.statusCode, 200, 'an Authorization header is ignored');
  t.equal(withHeader.body, res.body);

  const paths = Object.keys((await h.get(null, '/openapi.json')).json().paths);
  t.notOk(
    paths.some((p) => p.startsWith('/console')),
    'the console stays out of the OpenAPI document',
  );
});

t.test('every asset the page and its modules load is served with its type and the CSP', async (t) => {
  const h = await buildTestApp(t);
  const page = (await h.get(null, '/console')).body;
  const pending = [...page.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]);
  t.ok(pending.some((p) => p.endsWith('.js')) && pending.some((p) => p.endsWith('.css')), 'the page links a script and a stylesheet');
  const seen = new Set<string>();
  const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };
  while (pending.length) {
    const url = pending.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await h.get(null, url);
    t.equal(res.statusCode, 200, `${url} is served`);
    t.equal(res.headers['content-type'], types[url.split('.').pop()!], `${url} has its content type`);
    t.ok(res.headers['content-security-policy'], `${url} carries the CSP`);
    t.equal(res.headers['x-content-type-options'], 'nosniff');
    if (url.endsWith('.js')) {
      t.notMatch(res.body, /\.innerHTML\s*=(?!\s*policy\.createHTML)/, `${url} sets no innerHTML except through the notice policy`);
      for (const m of res.body.matchAll(/from '\.\/([\w-]+\.js)'/g)) pending.push(`/console/assets/${m[1]}`);
    }
  }
  t.ok(seen.size >= 10, `all ${seen.size} modules and files were followed`);

  for (const url of ['/console/assets/missing.js', '/console/assets/index.html', '/console/assets/..%2Fconsole.routes.ts']) {
    const res = await h.get(null, url);
    t.equal(res.statusCode, 404, `${url} is not served`);
    t.equal(res.json().error.code, 'NOT_FOUND');
    t.ok(res.headers['content-security-policy'], 'refusals carry the CSP too');
  }
});

t.test('shared passages: every common run of three or more characters is marked, on both sides', async (t) => {
  const { left, right } = sharedPassages('本人在甲店购买饼干，要求十倍赔偿。', '我在乙店购买饼干，要求十倍赔偿金。');
  t.same(left.segments, [
    { text: '本人在甲', shared: false },
    { text: '店购买饼干，要求十倍赔偿', shared: true },
    { text: '。', shared: false },
  ]);
  t.same(right.segments, [
    { text: '我在乙', shared: false },
    { text: '店购买饼干，要求十倍赔偿', shared: true },
    { text: '金。', shared: false },
  ]);
  t.equal(left.share, 10 / 15, 'the share of 3-grams also found in the other text');
  t.same(sharedPassages('abc', 'xyz').left.segments, [{ text: 'abc', shared: false }], 'nothing shared, nothing marked');
  t.same(sharedPassages('ab', 'ab').left, { segments: [{ text: 'ab', shared: false }], share: 0 }, 'too short for a 3-gram');
  t.same(
    sharedPassages('𠀀𠀁𠀂x', '𠀀𠀁𠀂y').left.segments.map((s) => s.text),
    ['𠀀𠀁𠀂', 'x'],
    'characters outside the BMP count once',
  );
});

t.test('identifiers quoted in free text are shown masked, in the API’s masked form', async (t) => {
  t.equal(maskText('身份证330302199001011235，电话13800138000。'), '身份证3303**********1235，电话138****8000。');
  t.equal(maskText('号码33030219900101123X'), '号码3303**********123X');
  t.equal(maskText('联系 138-0013-8000、+86 139 0013 9000 或 +8613700137000'), '联系 138-****-8000、+86 139 **** 9000 或 +86137****7000');
  t.equal(maskText('订单号A1003，价款13元，编号1234567890123456789'), '订单号A1003，价款13元，编号1234567890123456789', 'other numbers stay');
});

t.test('control characters, stored as sent, are shown as visible escapes; line breaks stay', async (t) => {
  t.equal(visible('响铃\u0007删除\u007f换行\n制表\t'), '响铃\\u0007删除\\u007f换行\n制表\t');
});

t.test('the console’s lists of registry states are the server’s', async (t) => {
  const labels = (await import(pathToFileURL(join(STATIC_DIR, 'labels.js')).href)) as { OPEN_STATES: string[]; STATE_LABELS: Record<string, string> };
  t.same(labels.OPEN_STATES, [...OPEN_STATES], 'open states as state-machine.ts defines them');
  t.same(
    Object.keys(labels.STATE_LABELS)
      .filter((s) => s !== 'none')
      .sort(),
    [...REGISTRY_STATES].sort(),
    'a label for every state',
  );
});
