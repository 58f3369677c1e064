/**
 * Personal numbers typed into free text — a complaint's text, an event's note, a reviewer's reason
 * or a defence — are stored masked with their keyed hash beside them, shown masked everywhere, and
 * never logged; idempotency still compares what was sent.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { createPiiHasher } from '../../src/identity/pii.js';
import { phoneKey } from '../../src/identity/identifier-keys.js';
import { buildTestApp, PII_KEY, tempDir } from '../helpers/app.js';
import { complaint, residentId, templatedComplaint } from '../helpers/factories.js';

const ID_IN_TEXT = residentId(321);
const PHONE_IN_TEXT = '13912345678';
const CARD_IN_TEXT = '6222020200112233446'; // 19 digits, passes Luhn
const RAW = [ID_IN_TEXT, PHONE_IN_TEXT, CARD_IN_TEXT, '139-1234-5678'];

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('trace', stream) };
}

/** Every byte Sieve wrote in the data folder (database, WAL, anchors), as text. */
function dataFolderText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1') + readFileSync(join(dir, f)).toString('utf8'))
    .join('\n');
}

t.test('numbers in texts, notes, reasons and defences are masked before they are stored', async (t) => {
  const { lines, logger } = captureLogs();
  const clock = { now: Date.parse('2026-06-01T09:00:00+08:00') };
  const h = await buildTestApp(t, { logger, now: () => clock.now });
  const text = `本人身份证号${ID_IN_TEXT}，手机139-1234-5678，请将十倍赔偿打入银行卡${CARD_IN_TEXT}。`;
  const first = await h.post('intake', '/v1/complaints', complaint({ externalId: 'pii-1', text }));
  t.equal(first.statusCode, 201, first.body);
  const { id, complainantId } = first.json();

  const again = await h.post('intake', '/v1/complaints', complaint({ externalId: 'pii-1', text }));
  t.equal(again.statusCode, 200, 'the same content sent again is a replay');
  const changed = await h.post('intake', '/v1/complaints', complaint({ externalId: 'pii-1', text: text.replace('5678', '5679') }));
  t.equal(changed.statusCode, 409, 'another number in the text is other content, though both mask alike');
  t.equal(changed.json().error.code, 'DUPLICATE_EXTERNAL_ID');

  const detail = (await h.get('reviewer', `/v1/complaints/${id}`)).json();
  t.match(detail.text, /本人身份证号3303\*{10}\d{3}[\dX]，手机139\*{4}5678，请将十倍赔偿打入银行卡6222\*{11}3446。/);

  const event = await h.post('intake', `/v1/complaints/${id}/events`, { type: 'settled', at: '2026-03-05T10:00:00+08:00', note: `已联系13912345678退款` });
  t.equal(event.statusCode, 201);
  t.equal(event.json().note, '已联系139****5678退款');

  // A flag to act on: four templated complaints of one person.
  let entryId = '';
  for (let i = 0; i < 4; i++) entryId = (await h.post('intake', '/v1/complaints', templatedComplaint(i))).json().registry.entryId ?? entryId;
  const act = (as: 'reviewer' | 'supervisor' | 'supervisor2', body: object) => h.post(as, `/v1/registry/entries/${entryId}/actions`, body);
  t.equal((await act('reviewer', { action: 'claim', reason: `已致电${PHONE_IN_TEXT}核实` })).statusCode, 200);
  await act('reviewer', { action: 'propose', reason: '提出' });
  await act('supervisor', { action: 'approve_notice', reason: '同意' });
  const defended = await act('reviewer', { action: 'record_defence', reason: '收到申辩', defence: `本人手机${PHONE_IN_TEXT}，身份证${ID_IN_TEXT}，均为自用` });
  t.equal(defended.statusCode, 200);
  const entry = defended.json();
  t.match(entry.defences[0].text, /本人手机139\*{4}5678，身份证3303\*{10}/);
  t.match(entry.history.find((x: { action: string }) => x.action === 'claim').reason, '已致电139****5678核实');
  const audit = (await h.get('reviewer', `/v1/audit?entityId=${entryId}`)).json().items;
  t.match(audit.find((a: { action: string }) => a.action === 'record_defence').data.defence, /139\*{4}5678/);

  const allow = await h.post('reviewer', '/v1/allowlist', {
    complainantId,
    reason: `消协工作人员，电话${PHONE_IN_TEXT}`,
    expiresAt: '2099-01-01T00:00:00+08:00',
  });
  t.equal(allow.json().reason, '消协工作人员，电话139****5678');

  const everything = [
    JSON.stringify(detail),
    JSON.stringify(entry),
    JSON.stringify(audit),
    (await h.get('reviewer', `/v1/complainants/${complainantId}`)).body,
    (await h.get('reviewer', `/v1/complainants/${complainantId}/file`)).body,
    (await h.get('reviewer', '/v1/registry/export?format=csv')).body,
    (await h.get('reviewer', '/v1/registry/export?format=json')).body,
    (await h.get('reviewer', '/v1/allowlist')).body,
    (await h.get('reviewer', `/v1/registry/entries/${entryId}/notice`)).body,
    lines.join('\n'),
  ].join('\n');
  for (const raw of RAW) t.notOk(everything.includes(raw), `${raw} is in no answer, export, notice or log line`);

  const db = new Database(join(h.dir, 'sieve.db'), { readonly: true });
  const found = db.prepare('SELECT source_type, type, hash, masked FROM text_identifiers ORDER BY seq').all() as Array<Record<string, string>>;
  db.close();
  t.same(
    found.map((f) => `${f.source_type}:${f.type}`),
    [
      'complaint:resident_id',
      'complaint:mobile',
      'complaint:bank_card',
      'event:mobile',
      'registry_entry:mobile',
      'registry_entry:mobile',
      'registry_entry:resident_id',
      'allowlist:mobile',
    ],
  );
  t.equal(found[1].hash, phoneKey(createPiiHasher(PII_KEY), PHONE_IN_TEXT), 'kept under the same key as a structured phone, so it can link people');
  await h.app.close();
  const stored = dataFolderText(h.dir);
  for (const raw of RAW) t.notOk(stored.includes(raw), `${raw} is nowhere in the data folder`);
});

t.test('texts and notes stored before masking are masked at the next start, with what derives from them', async (t) => {
  const dir = tempDir(t);
  const h = await buildTestApp(t, { dir });
  const ids: string[] = [];
  let entryId = '';
  for (let i = 0; i < 4; i++) {
    const res = (await h.post('intake', '/v1/complaints', templatedComplaint(i))).json();
    ids.push(res.id);
    entryId = res.registry.entryId ?? entryId;
  }
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'claim', reason: '审查' });
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'propose', reason: '提出' });
  const event = (await h.post('intake', `/v1/complaints/${ids[0]}/events`, { type: 'settled', at: '2026-06-05T10:00:00+08:00', note: '已退款' })).json();
  await h.app.close();

  // As an older version stored them: the number in clear, and the bundle hashing that text.
  const db = new Database(join(dir, 'sieve.db'));
  const legacyText = `联系电话${PHONE_IN_TEXT}。${db.prepare('SELECT text FROM complaints WHERE id = ?').pluck().get(ids[1]) as string}`;
  const { createHash } = await import('node:crypto');
  const legacyHash = createHash('sha256').update(legacyText).digest('hex');
  db.prepare('UPDATE complaints SET text = ?, text_hash = ? WHERE id = ?').run(legacyText, legacyHash, ids[1]);
  db.prepare('UPDATE events SET note = ? WHERE id = ?').run(`退款至卡${CARD_IN_TEXT}`, event.id);
  const evidence = JSON.parse(db.prepare('SELECT evidence FROM registry_entries WHERE id = ?').pluck().get(entryId) as string);
  for (const c of evidence.complaints) if (c.id === ids[1]) c.textSha256 = legacyHash;
  db.prepare('UPDATE registry_entries SET evidence = ? WHERE id = ?').run(JSON.stringify(evidence), entryId);
  db.prepare("DELETE FROM settings WHERE key = 'free_text_masked'").run();
  db.close();

  const { lines, logger } = captureLogs();
  const h2 = await buildTestApp(t, { dir, logger });
  t.ok(
    lines.some((l) => l.includes('personal numbers in stored texts masked')),
    'the upgrade says what it did',
  );
  const detail = (await h2.get('reviewer', `/v1/complaints/${ids[1]}`)).json();
  t.ok(detail.text.startsWith('联系电话139****5678。'), detail.text.slice(0, 20));
  const masked = createHash('sha256').update(detail.text).digest('hex');
  const bundle = (await h2.get('reviewer', `/v1/registry/entries/${entryId}`)).json().evidence;
  t.equal(bundle.complaints.find((c: { id: string }) => c.id === ids[1]).textSha256, masked, 'the frozen bundle names the hash of the stored (masked) text');
  const db2 = new Database(join(dir, 'sieve.db'), { readonly: true });
  t.equal(db2.prepare('SELECT note FROM events WHERE id = ?').pluck().get(event.id), '退款至卡6222***********3446');
  t.equal(db2.prepare('SELECT count(*) FROM text_identifiers WHERE source_id IN (?, ?)').pluck().get(ids[1], event.id), 2);
  db2.close();
  t.same(await h2.auditProblems(), [], 'the audit trail is untouched');
});
