/**
 * An installation that ran before rule set v2 existed: its database holds v1 only, v1 is active,
 * and its complaints were read with lexicon v1 only. On start it stores v2 without activating it
 * and reads its stored complaints again with lexicon v2 (their v1 facts untouched); a dry run shows
 * what v2 would change; an activation and an applied rescan make it so.
 *
 * The fixture is a claimant of the kind v2 was calibrated for (docs/detection.md, "Rule set v2"):
 * formal claims whose compensation is the ¥1,000 floor on a small purchase, with a total that adds
 * the refund, three filed on one day. v1 reads the total as the price and misses the floor.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildTestApp, tempDir, type TestApp } from '../helpers/app.js';
import { complaint, residentId } from '../helpers/factories.js';

const GOODS = [
  ['苏打饼干', 12.5],
  ['原味酸奶', 8.8],
  ['牛肉干', 29.9],
  ['坚果礼包', 45],
] as const;

function formalClaim(i: number) {
  const [goods, price] = GOODS[i];
  const total = (1000 + price).toFixed(2);
  return complaint({
    externalId: `UPG-${i}`,
    receivedAt: '2026-03-10T09:00:00+08:00',
    complainant: { name: '王某', idNumber: residentId(880), phone: '13800008800' },
    respondent: { name: `第${i + 1}连锁超市有限公司` },
    text:
      `1、判令被告赔偿原告1,000元、退还货款${price}元，合计${total}元；2、本案诉讼费由被告负担。` +
      `事实和理由：原告在被告门店购买${goods}一件，价格${price}元。该商品生产日期为2025年1月2日，保质期6个月，` +
      '原告于2025年12月1日购买时已超过保质期，被告销售超过保质期的食品，应当依法承担赔偿责任。',
  });
}

function sqlite(h: TestApp) {
  return new Database(join(h.dir, 'sieve.db'));
}

/** Rescans as of the day the claims were filed (their burst is inside its 30-day window then). */
async function rescan(h: TestApp, body: object) {
  const res = await h.post('admin', '/v1/rescans', { asOf: '2026-03-10T18:00:00+08:00', ...body });
  t.equal(res.statusCode, 202, res.body);
  await h.app.services.rescans.idle();
  return (await h.get('admin', `/v1/rescans/${res.json().id}`)).json();
}

t.test('an installation from before v2 moves to it by a dry run and an activation', async (t) => {
  const dir = tempDir(t);
  let h = await buildTestApp(t, { dir });
  t.equal((await h.post('admin', '/v1/rules/v1/activate', { reason: '升级前的安装' })).statusCode, 200);
  for (let i = 0; i < 4; i++) t.equal((await h.post('intake', '/v1/complaints', formalClaim(i))).statusCode, 201);
  const person = (await h.get('reviewer', '/v1/complainants')).json().items[0];
  t.not(person.level, 'review', 'v1 keeps the claimant below review');
  await h.app.close();

  // As the database was before v2: only v1 stored, facts read with lexicon v1 only.
  const db = new Database(join(dir, 'sieve.db'));
  db.prepare(`DELETE FROM rule_sets WHERE version = 'v2'`).run();
  db.prepare(`DELETE FROM settings WHERE key = 'facts_lexicons'`).run();
  const v1Facts = db.prepare(`SELECT seq, json_remove(facts, '$.byLexicon') AS facts FROM complaints ORDER BY seq`).all();
  db.prepare(`UPDATE complaints SET facts = json_remove(facts, '$.byLexicon')`).run();
  db.close();

  h = await buildTestApp(t, { dir });
  const rules = (await h.get('admin', '/v1/rules')).json();
  t.equal(rules.active, 'v1', 'starting a new version never activates its rule set');
  t.ok(
    rules.versions.some((v: { version: string }) => v.version === 'v2'),
    'v2 is stored, ready for a dry run',
  );

  const after = sqlite(h);
  const rows = after.prepare(`SELECT seq, facts FROM complaints ORDER BY seq`).all() as Array<{ seq: number; facts: string }>;
  t.same(
    after.prepare(`SELECT seq, json_remove(facts, '$.byLexicon') AS facts FROM complaints ORDER BY seq`).all(),
    v1Facts,
    'the v1 facts are exactly as they were stored',
  );
  for (const row of rows) {
    const v2 = JSON.parse(row.facts).byLexicon?.v2;
    t.ok(v2 && v2 !== 'same', `complaint ${row.seq} was read with lexicon v2`);
    t.match(v2.punitive, { multiple: '10x', how: 'floor' }, 'the ¥1,000 floor on a small purchase is read');
    t.ok(
      v2.substantive.some((p: string) => p.includes('保质期')),
      'expiry is read from the dates',
    );
  }
  after.close();

  const dry = await rescan(h, { dryRun: true, ruleSet: 'v2' });
  t.equal(dry.ruleSetVersion, 'v2');
  t.same(
    dry.diff.newlyFlagged.map((p: { complainantId: string }) => p.complainantId),
    [person.id],
    'the dry run shows who v2 would flag',
  );
  t.equal((await h.get('reviewer', '/v1/registry/entries')).json().items.length, 0, 'a dry run flags nobody');

  const v1Again = await rescan(h, { dryRun: true, ruleSet: 'v1' });
  t.equal(v1Again.diff.newlyFlagged.length, 0, 'v1 on the same data still flags nobody');

  t.equal((await h.post('admin', '/v1/rules/v2/activate', { reason: '经试运行比对后启用' })).statusCode, 200);
  const applied = await rescan(h, {});
  t.equal(applied.ruleSetVersion, 'v2');
  const now = (await h.get('reviewer', `/v1/complainants/${person.id}`)).json();
  t.equal(now.assessment.level, 'review');
  t.equal(now.assessment.ruleSetVersion, 'v2');
  const codes = now.assessment.findings.map((f: { code: string }) => f.code);
  t.ok(codes.includes('PUNITIVE_DEMAND') && codes.includes('TINY_PURCHASE_BIG_CLAIM') && codes.includes('BURST'), codes.join(', '));
  const punitive = now.assessment.findings.find((f: { code: string }) => f.code === 'PUNITIVE_DEMAND');
  t.equal(punitive.evidence.count, 4);
  t.ok(
    punitive.evidence.phrases.some((p: { phrase: string }) => p.phrase.includes('1,000元')),
    'the evidence quotes the demand',
  );
  t.match(punitive.basis, /第一百四十八条/);
  t.equal((await h.get('reviewer', '/v1/registry/entries?state=flagged')).json().items.length, 1, 'and the registry has the flag');
  const shown = now.complaints[0].facts;
  t.equal(shown.byLexicon, undefined, 'the profile shows the facts of the active lexicon only');
  t.equal(shown.punitive.how, 'floor');
});
