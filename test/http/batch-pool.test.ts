/**
 * Batches are prepared in worker threads and stored in short transaction groups that give the
 * thread back in between: the answers are the same as when everything runs on one thread, and other
 * requests are answered while a batch is under way.
 */
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { generateStream } from '../../src/synthetic/index.js';
import { buildTestApp } from '../helpers/app.js';
import { groupTimings, itemTimings, type GroupTiming, type ItemTiming } from '../../src/intake/timing.js';

/** A district's first days: professional claimants among ordinary people, some texts with phone numbers. */
function items(n: number): unknown[] {
  const out: unknown[] = [];
  for (const r of generateStream({ seed: 11, scale: 'district-year', days: 20 })) {
    if (r.kind !== 'complaint') continue;
    const body = { ...r.body } as { text: string };
    // Personal numbers in the text must be masked the same way in a worker thread.
    if (out.length % 7 === 0) body.text = `${body.text}联系电话13912345678。`;
    out.push(body);
    if (out.length === n) break;
  }
  return out;
}

/** What an answer says, without the ids each installation makes up. */
function gist(r: Record<string, unknown>) {
  const a = r.assessment as { level: string; score: number; findings: Array<{ code: string }>; similar: unknown[] } | undefined;
  return {
    status: r.status,
    externalId: r.externalId,
    level: a?.level,
    score: a?.score,
    codes: a?.findings.map((f) => f.code),
    similar: a?.similar.length,
    registry: (r.registry as { state: string } | undefined)?.state,
    error: (r.error as { code: string } | undefined)?.code,
  };
}

t.test('a batch prepared in worker threads is answered exactly as one prepared on the main thread', async (t) => {
  const batch = items(80);
  batch.splice(40, 0, { externalId: 'broken-1', kind: 'complaint' });
  const pooled = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '2' } });
  const inline = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '0' } });
  const a = await pooled.post('intake', '/v1/complaints/batch', { items: batch });
  const b = await inline.post('intake', '/v1/complaints/batch', { items: batch });
  t.equal(a.statusCode, 200);
  t.equal(b.statusCode, 200);
  const ra = a.json().results as Array<Record<string, unknown>>;
  const rb = b.json().results as Array<Record<string, unknown>>;
  t.equal(ra.length, batch.length);
  t.same(ra.map(gist), rb.map(gist), 'same status, level, score, findings and near-duplicates for every item');
  t.equal(ra[40].status, 'invalid', 'an invalid item is refused in place');
  t.ok(
    ra.some((r) => (r.assessment as { findings: unknown[] } | undefined)?.findings.length),
    'the stream has findings to compare',
  );
  // The text stored from a worker thread is masked as on the main thread.
  const masked = ra.filter((_, i) => i !== 40 && i % 7 === 0).slice(0, 3);
  for (const r of masked) {
    const detail = (await pooled.get('reviewer', `/v1/complaints/${r.id}`)).json();
    t.match(detail.text, /139\*{4}5678/, 'the phone number in the text is masked');
    t.notMatch(detail.text, /13912345678/);
  }
});

t.test('other requests are answered while a batch is stored', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '1' } });
  const order: string[] = [];
  const batch = h.post('intake', '/v1/complaints/batch', { items: items(200) }).then((r) => {
    order.push('batch');
    return r;
  });
  // Once the first transaction group of the batch is committed, a health check and a reviewer's read come in.
  let stored = 0;
  while (stored === 0) {
    await sleep(2);
    stored = await h.app.store.read.complaints.count();
  }
  t.ok(stored < 200, `the batch was under way (${stored} of 200 stored) when they came`);
  const health = h.get(null, '/healthz').then((r) => {
    order.push('healthz');
    return r;
  });
  const queue = h.get('reviewer', '/v1/complainants?limit=5').then((r) => {
    order.push('queue');
    return r;
  });
  const [b, hz, q] = await Promise.all([batch, health, queue]);
  t.equal(b.statusCode, 200);
  t.equal(hz.statusCode, 200);
  t.equal(q.statusCode, 200);
  t.same(order.slice(0, 2).sort(), ['healthz', 'queue'], 'both answered before the batch was done');

  const metrics = (await h.get(null, '/metrics')).body;
  t.match(metrics, /^nodejs_eventloop_lag_p99_seconds \d/m, 'event-loop delay is published');
  t.match(metrics, /^nodejs_eventloop_lag_max_seconds \d/m);
});

t.test('between any two transaction groups of a batch, the thread turns to what came in meanwhile', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '1' } });
  const store = h.app.store;
  const write = store.write;
  // A message posted as each group ends is delivered by the event loop's I/O phase, as a request or
  // a health check is: it must come in before the next group begins.
  const { port1, port2 } = new MessageChannel();
  const events: string[] = [];
  port2.on('message', (n: number) => events.push(`after ${n}`));
  let groups = 0;
  store.write = (async (fn: Parameters<typeof write>[0]) => {
    const n = ++groups;
    events.push(`group ${n}`);
    try {
      return await write.call(store, fn);
    } finally {
      port1.postMessage(n);
    }
  }) as typeof write;
  t.teardown(() => {
    store.write = write;
    port1.close();
  });
  const res = await h.post('intake', '/v1/complaints/batch', { items: items(80) });
  t.equal(res.statusCode, 200);
  while (!events.includes(`after ${groups}`)) await sleep(1);
  t.ok(groups > 2, `the batch was stored in several groups (${groups})`);
  const interleaved = Array.from({ length: groups }, (_, i) => [`group ${i + 1}`, `after ${i + 1}`]).flat();
  t.same(events, interleaved, 'no group began before the thread had turned to what came in after the one before');
});

t.test('the complaints and complainants of a batch get ids in the order they were stored', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '1' } });
  const res = await h.post('intake', '/v1/complaints/batch', { items: items(120) });
  const created = (res.json().results as Array<{ status: string; id: string; complainantId: string }>).filter((r) => r.status === 'created');
  t.equal(created.length, 120);
  // The time leads each id (shared/ids.ts): to the millisecond, so compared by it alone.
  const times = (ids: string[]) => ids.map((id) => id.slice(0, 10));
  const inOrder = (ids: string[]) => ids.every((id, i) => i === 0 || ids[i - 1] <= id);
  t.ok(inOrder(times(created.map((r) => r.id))), 'complaint ids in storage order');
  const complainants = [...new Set(created.map((r) => r.complainantId))];
  t.ok(complainants.length > 10, `the batch has new complainants (${complainants.length})`);
  t.ok(inOrder(times(complainants)), 'complainant ids in the order each was first seen');
});

t.test('each stored item and each transaction group of a batch can be timed, for benchmarks (diagnostics channels)', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_INTAKE_THREADS: '0' } });
  const batch = items(40);
  const timed: ItemTiming[] = [];
  const grouped: GroupTiming[] = [];
  const onItem = (m: unknown) => timed.push(m as ItemTiming);
  const onGroup = (m: unknown) => grouped.push(m as GroupTiming);
  itemTimings.subscribe(onItem);
  groupTimings.subscribe(onGroup);
  t.teardown(() => {
    itemTimings.unsubscribe(onItem);
    groupTimings.unsubscribe(onGroup);
  });
  const first = await h.post('intake', '/v1/complaints/batch', { items: batch });
  t.equal(first.statusCode, 200);
  const created = (first.json().results as Array<{ status: string; externalId: string }>).filter((r) => r.status === 'created');
  t.equal(created.length, batch.length, 'every item stored');
  t.same(
    timed.map((i) => i.externalId),
    created.map((r) => r.externalId),
    'every stored item timed once, in the order stored',
  );
  for (const i of timed) {
    const steps = Object.values(i.steps);
    if (!steps.every((ms) => Number.isFinite(ms) && ms >= 0)) t.fail(`${i.externalId}: a step without a time (${JSON.stringify(i.steps)})`);
    if (steps.reduce((a, b) => a + b, 0) > i.ms + 0.001) t.fail(`${i.externalId}: its steps take longer than the item (${i.ms} ms)`);
  }
  t.ok(
    timed.some((i) => i.steps.assess > 0),
    'the assessment is a step of its own',
  );
  t.equal(
    grouped.reduce((n, g) => n + g.items, 0),
    batch.length,
    'the transaction groups hold every item',
  );
  t.ok(
    grouped.every((g, k) => g.items >= 1 && g.ms >= 0 && (k === 0 || g.start >= grouped[k - 1].start + grouped[k - 1].ms)),
    'groups one after another, none empty',
  );

  timed.length = 0;
  grouped.length = 0;
  const again = await h.post('intake', '/v1/complaints/batch', { items: batch });
  t.ok(
    (again.json().results as Array<{ status: string }>).every((r) => r.status === 'duplicate'),
    'the batch again: every item a replay',
  );
  t.equal(timed.length, 0, 'a replay stores nothing, so no item is timed');
  t.equal(
    grouped.reduce((n, g) => n + g.items, 0),
    batch.length,
    'its groups are timed all the same',
  );
});
