import t from 'tap';
import { newOrderedId } from '../../src/shared/ids.js';
import { buildTestApp } from '../helpers/app.js';
import { complaint, residentId, templatedComplaint } from '../helpers/factories.js';

const LEVELS = ['none', 'watch', 'review'];

t.test('intake of one complaint', async (t) => {
  const h = await buildTestApp(t);

  t.test('when a valid complaint is posted, then it is stored and assessed (201)', async (t) => {
    const body = complaint();
    const res = await h.post('intake', '/v1/complaints', body);
    t.equal(res.statusCode, 201);
    const json = res.json();
    t.match(json, { id: /^c_/, externalId: body.externalId, complainantId: /^p_/, registry: { state: 'none' } });
    t.ok(LEVELS.includes(json.assessment.level));
    t.type(json.assessment.score, 'number');
    t.ok(Array.isArray(json.assessment.findings) && Array.isArray(json.assessment.similar));
  });

  t.test('when the same externalId is replayed with the same content, then the original answer comes back (200)', async (t) => {
    const body = complaint({ complainant: { phone: '13900139000' } });
    const first = await h.post('intake', '/v1/complaints', body);
    t.equal(first.statusCode, 201);
    // Same content: other key order, another notation of the same instant, another phone format.
    const { text, ...rest } = body as Record<string, unknown>;
    const again = {
      text,
      ...rest,
      receivedAt: '2026-03-01T02:00:00Z',
      complainant: { ...(body.complainant as object), phone: '+86 139-0013-9000' },
      unknownField: 'ignored and not stored',
    };
    const second = await h.post('intake', '/v1/complaints', again);
    t.equal(second.statusCode, 200);
    t.same(second.json(), first.json());
  });

  t.test('a replay gives back the whole first answer, near-duplicates and findings included', async (t) => {
    let last;
    let body;
    for (let i = 0; i < 4; i++) {
      body = templatedComplaint(i, { complainant: { idNumber: residentId(321) } });
      last = (await h.post('intake', '/v1/complaints', body)).json();
    }
    t.ok(last.assessment.similar.length >= 3, 'the answer names near-duplicates');
    t.ok(last.assessment.findings.length >= 3);
    const again = await h.post('intake', '/v1/complaints', body);
    t.equal(again.statusCode, 200);
    t.same(again.json(), last);
  });

  t.test('when the same externalId comes with different content, then 409 DUPLICATE_EXTERNAL_ID', async (t) => {
    const body = complaint();
    t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 201);
    const res = await h.post('intake', '/v1/complaints', { ...body, text: `${body.text}（补充）` });
    t.equal(res.statusCode, 409);
    t.equal(res.json().error.code, 'DUPLICATE_EXTERNAL_ID');
    const money = await h.post('intake', '/v1/complaints', { ...body, claim: { amount: 10 } });
    t.equal(money.statusCode, 409, 'an added field is different content');
  });

  t.test('when identical content arrives under a new externalId, then it is a new complaint', async (t) => {
    const body = complaint();
    const a = await h.post('intake', '/v1/complaints', body);
    const b = await h.post('intake', '/v1/complaints', { ...body, externalId: `${body.externalId}-b` });
    t.equal(b.statusCode, 201);
    t.not(b.json().id, a.json().id);
    t.equal(b.json().complainantId, a.json().complainantId, 'same person');
  });

  t.test('when money has more than two decimals, then it is rounded half-up before comparison', async (t) => {
    const body = complaint({ claim: { amount: 1.005 } });
    t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 201);
    t.equal((await h.post('intake', '/v1/complaints', { ...body, claim: { amount: 1.01 } })).statusCode, 200);
    t.equal((await h.post('intake', '/v1/complaints', { ...body, claim: { amount: 1.0 } })).statusCode, 409);
  });
});

t.test('validation', async (t) => {
  const h = await buildTestApp(t);
  const problems = async (body: unknown) => {
    const res = await h.post('intake', '/v1/complaints', body);
    t.equal(res.statusCode, 400, 'refused with 400');
    const json = res.json();
    t.equal(json.error.code, 'VALIDATION_FAILED');
    return json.error.details as Array<{ path: string; message: string }>;
  };
  const paths = async (body: unknown) => (await problems(body)).map((d) => d.path).sort();

  t.same(await paths(complaint({ complainant: { idNumber: '330302199001011234' } })), ['/complainant/idNumber'], 'GB 11643 check digit');
  t.same(await paths(complaint({ respondent: { creditCode: '91330302MA2C3K7T4F' } })), ['/respondent/creditCode'], 'GB 32100 check');
  t.same(await paths(complaint({ receivedAt: '2026-03-01T10:00:00' })), ['/receivedAt'], 'time without offset');
  t.same(await paths(complaint({ receivedAt: '2026-02-30T10:00:00+08:00' })), ['/receivedAt'], 'no such day');
  t.same(await paths(complaint({ receivedAt: '0000-01-01T00:00:00+23:59' })), ['/receivedAt'], 'a year outside 0001–9999 once the offset is applied');
  t.same(await paths(complaint({ purchase: { at: 'yesterday' } })), ['/purchase/at']);
  t.same(await paths(complaint({ complainant: { phone: 'call me' } })), ['/complainant/phone']);
  t.same(await paths(complaint({ text: 'x'.repeat(20_001) })), ['/text'], 'over 20,000 characters');
  t.same(await paths(complaint({ kind: 'praise' })), ['/kind']);
  t.same(await paths(complaint({ claim: { punitive: '5x' } })), ['/claim/punitive']);
  t.same(await paths(complaint({ purchase: { amount: '12.5' } })), ['/purchase/amount'], 'no type coercion');
  t.same(await paths(complaint({ purchase: { amount: -1 } })), ['/purchase/amount']);
  t.same(await paths(complaint({ text: { nested: true } })), ['/text']);
  t.same(await paths(complaint({ complainant: { idNumber: undefined, phone: undefined } })), ['/complainant'], 'at least one identifier');
  const { externalId: _drop, ...noId } = complaint() as Record<string, unknown>;
  t.same(await paths({ ...noId, respondent: {} }), ['/externalId', '/respondent/name'], 'every problem is reported');
  t.same(await paths([1, 2, 3]), ['/'], 'not an object');

  t.test('lengths count code points: 20,000 astral characters are accepted', async (t) => {
    const res = await h.post('intake', '/v1/complaints', complaint({ text: '😀'.repeat(20_000) }));
    t.equal(res.statusCode, 201);
  });

  t.test('other id types skip the resident-ID check', async (t) => {
    const res = await h.post('intake', '/v1/complaints', complaint({ complainant: { idType: 'passport', idNumber: 'E12345678' } }));
    t.equal(res.statusCode, 201);
  });
});

t.test('hostile input', async (t) => {
  const h = await buildTestApp(t);
  const raw = (payload: string, contentType = 'application/json') =>
    h.req('intake', { method: 'POST', url: '/v1/complaints', payload, headers: { 'content-type': contentType } });

  t.test('a lone surrogate is refused with 400 and its path', async (t) => {
    const body = JSON.stringify(complaint()).replace('"text":"', '"text":"\\ud800');
    const res = await raw(body);
    t.equal(res.statusCode, 400);
    t.same(
      res.json().error.details.map((d: { path: string }) => d.path),
      ['/text'],
    );
  });

  t.test('control characters, SQL-looking and HTML-looking text are stored as sent', async (t) => {
    for (const text of ['\u0000\u0007bell\u001b[31m', "'; DROP TABLE complaints; --", '<script>alert(1)</script><img src=x onerror=alert(1)>']) {
      const body = complaint({ text });
      const res = await h.post('intake', '/v1/complaints', body);
      t.equal(res.statusCode, 201, JSON.stringify(text));
      // The replay matches only if the stored content is exactly what was sent.
      t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 200);
    }
  });

  t.test('with duplicate keys the last one wins', async (t) => {
    const body = complaint();
    const json = JSON.stringify(body).replace('{', '{"text":"first value",');
    t.equal((await raw(json)).statusCode, 201);
    t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 200, 'stored with the last text');
  });

  t.test('deeply nested JSON is ignored when unknown and refused when in a known field', async (t) => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const body = JSON.stringify(complaint());
    t.equal((await raw(body.replace('{', `{"junk":${deep},`))).statusCode, 201);
    const res = await raw(JSON.stringify(complaint()).replace(/"text":"[^"]*"/, `"text":${deep}`));
    t.equal(res.statusCode, 400);
    t.equal(res.json().error.code, 'VALIDATION_FAILED');
  });

  t.test('prototype-poisoning keys are dropped like unknown fields', async (t) => {
    const body = complaint();
    const res = await raw(JSON.stringify(body).replace('{', '{"__proto__":{"polluted":1},'));
    t.equal(res.statusCode, 201);
    t.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  t.test('malformed JSON, an empty body and another media type', async (t) => {
    const bad = await raw('{"externalId": ');
    t.equal(bad.statusCode, 400);
    t.equal(bad.json().error.code, 'INVALID_JSON');
    const empty = await raw('');
    t.equal(empty.statusCode, 400);
    t.equal(empty.json().error.code, 'INVALID_JSON');
    const text = await raw('externalId=1', 'text/plain');
    t.equal(text.statusCode, 415);
    t.equal(text.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  t.test('a body over the limit is 413, and the batch route has its own larger limit', async (t) => {
    const big = complaint({ channel: 'x'.repeat(100), junk: 'y'.repeat(1_100_000) });
    const res = await h.post('intake', '/v1/complaints', big);
    t.equal(res.statusCode, 413);
    t.same(res.json(), { error: { code: 'PAYLOAD_TOO_LARGE', message: res.json().error.message, details: [] } });
    const batch = await h.post('intake', '/v1/complaints/batch', { items: [complaint({ junk: 'y'.repeat(1_100_000) })] });
    t.equal(batch.statusCode, 200);
    t.equal(batch.json().results[0].status, 'created');
  });
});

t.test('batches', async (t) => {
  const h = await buildTestApp(t);

  t.test('an empty batch and a 1,001-item batch are refused whole, storing nothing', async (t) => {
    const empty = await h.post('intake', '/v1/complaints/batch', { items: [] });
    t.equal(empty.statusCode, 400);
    t.equal(empty.json().error.code, 'VALIDATION_FAILED');
    const items = Array.from({ length: 1001 }, () => complaint());
    const tooMany = await h.post('intake', '/v1/complaints/batch', { items });
    t.equal(tooMany.statusCode, 400);
    t.equal(tooMany.json().error.details[0].path, '/items');
    t.equal((await h.post('intake', '/v1/complaints', items[0])).statusCode, 201, 'the first item was not stored');
    const notArray = await h.post('intake', '/v1/complaints/batch', { items: 'all of them' });
    t.equal(notArray.statusCode, 400);
  });

  t.test('each item gets its own result, in order; one bad item blocks nothing', async (t) => {
    const a = complaint();
    const conflicting = complaint();
    t.equal((await h.post('intake', '/v1/complaints', conflicting)).statusCode, 201);
    const res = await h.post('intake', '/v1/complaints/batch', {
      items: [a, complaint({ complainant: { idNumber: '123' } }), a, { ...conflicting, text: 'changed' }, 42, complaint()],
    });
    t.equal(res.statusCode, 200);
    const results = res.json().results;
    t.same(
      results.map((r: { status: string }) => r.status),
      ['created', 'invalid', 'duplicate', 'conflict', 'invalid', 'created'],
    );
    t.same(results[2].id, results[0].id, 'the repeat inside the batch is the same complaint');
    t.equal(results[1].error.code, 'VALIDATION_FAILED');
    t.equal(results[1].error.details[0].path, '/complainant/idNumber');
    t.equal(results[3].error.code, 'DUPLICATE_EXTERNAL_ID');
    t.equal(results[4].externalId, null);
    // A created item's result equals what a single post answers for it.
    const single = await h.post('intake', '/v1/complaints', a);
    t.equal(single.statusCode, 200);
    const { status: _s, ...created } = results[0];
    t.same(single.json(), created);
  });

  t.test('an internal failure of one item is answered for that item alone, and stores none of it', async (t) => {
    // Fault injection on the detection engine (not the database): one item fails before the
    // transaction, another inside it after its complainant was resolved.
    const detection = h.app.services.detection;
    const { analyse, findSimilar } = detection;
    t.teardown(() => Object.assign(detection, { analyse, findSimilar }));
    detection.analyse = (input) => {
      if (input.externalId === 'boom-before') throw new Error('injected failure');
      return analyse(input);
    };
    detection.findSimilar = async (tx, analysis, rootId) => {
      if (analysis.normalised.includes('注入故障')) throw new TypeError('injected failure');
      return findSimilar(tx, analysis, rootId);
    };
    const before = complaint({ externalId: 'boom-before' });
    const inside = complaint({ externalId: 'boom-inside', text: '注入故障：本条在事务中失败。', complainant: { idNumber: residentId(880) } });
    const items = [complaint(), before, inside, complaint()];
    const res = await h.post('intake', '/v1/complaints/batch', { items });
    t.equal(res.statusCode, 200);
    const results = res.json().results;
    t.same(
      results.map((r: { status: string }) => r.status),
      ['created', 'invalid', 'invalid', 'created'],
    );
    t.same(results[1].error, { code: 'INTERNAL', message: results[1].error.message, details: [] });
    t.equal(results[2].externalId, 'boom-inside');
    t.notMatch(results[2].error.message, /injected/, 'no internals in the answer');

    Object.assign(detection, { analyse, findSimilar });
    for (const item of [before, inside]) t.equal((await h.post('intake', '/v1/complaints', item)).statusCode, 201, `${item.externalId}: nothing was stored`);
  });

  t.test('retrying a whole batch is safe', async (t) => {
    const items = [complaint(), complaint({ complainant: { idNumber: residentId(7) } })];
    const first = (await h.post('intake', '/v1/complaints/batch', { items })).json().results;
    const again = (await h.post('intake', '/v1/complaints/batch', { items })).json().results;
    t.same(
      again.map((r: { status: string }) => r.status),
      ['duplicate', 'duplicate'],
    );
    t.same(
      again.map((r: { id: string }) => r.id),
      first.map((r: { id: string }) => r.id),
    );
  });
});

t.test('events', async (t) => {
  const h = await buildTestApp(t);
  const body = complaint({ externalId: '12315-330302-2026-000123/x y' });
  const c = (await h.post('intake', '/v1/complaints', body)).json();

  t.test('an event is recorded once (201, then 200 with the same event)', async (t) => {
    const ev = { type: 'settled', at: '2026-03-05T09:00:00+08:00', amount: 120.456, note: '私下和解' };
    const first = await h.post('intake', `/v1/complaints/${c.id}/events`, ev);
    t.equal(first.statusCode, 201);
    t.match(first.json(), { id: /^e_/, complaintId: c.id, type: 'settled', at: '2026-03-05T09:00:00+08:00', amount: 120.46, note: '私下和解' });
    // Ids in time order (shared/ids.ts): the event was made after its complaint and before now.
    const made = first.json().id.slice(2, 10);
    t.ok(made >= c.id.slice(2, 10) && made <= newOrderedId('e').slice(2, 10), 'the event id leads with the time it was made');
    const again = await h.post('intake', `/v1/complaints/${c.id}/events`, { ...ev, at: '2026-03-05T01:00:00Z' });
    t.equal(again.statusCode, 200);
    t.same(again.json(), first.json());
  });

  t.test('the complaint can be named by its percent-encoded externalId', async (t) => {
    const res = await h.post('intake', `/v1/complaints/ext:${encodeURIComponent(body.externalId as string)}/events`, {
      type: 'withdrawn',
      at: '2026-03-06T09:00:00+08:00',
    });
    t.equal(res.statusCode, 201);
    t.equal(res.json().complaintId, c.id);
  });

  t.test('refusals', async (t) => {
    const unknown = await h.post('intake', '/v1/complaints/c_nope/events', { type: 'withdrawn', at: '2026-03-06T09:00:00+08:00' });
    t.equal(unknown.statusCode, 404);
    t.equal(unknown.json().error.code, 'NOT_FOUND');
    const amount = await h.post('intake', `/v1/complaints/${c.id}/events`, { type: 'withdrawn', at: '2026-03-06T09:00:00+08:00', amount: 5 });
    t.equal(amount.statusCode, 400);
    t.equal(amount.json().error.details[0].path, '/amount');
    const type = await h.post('intake', `/v1/complaints/${c.id}/events`, { type: 'forgiven', at: '2026-03-06T09:00:00+08:00' });
    t.equal(type.statusCode, 400);
    t.equal(type.json().error.details[0].path, '/type');
  });
});
