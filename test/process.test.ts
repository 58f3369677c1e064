import t from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { API_KEYS, PII_KEY, TOKENS, tempDir } from './helpers/app.js';
import { complaint, residentId } from './helpers/factories.js';
import { startServer } from './helpers/process.js';

const headers = { authorization: `Bearer ${TOKENS.intake}`, 'content-type': 'application/json' };

function envFor(dir: string) {
  return { SIEVE_DATA_DIR: dir, SIEVE_API_KEYS: API_KEYS, SIEVE_PII_KEY: PII_KEY, SIEVE_RATE_LIMIT: '0', SIEVE_SCHEDULE_INTERVAL: '0' };
}

async function replayAll(base: string, acknowledged: Map<string, { body: unknown; id: string }>) {
  let present = 0;
  for (const { body, id } of acknowledged.values()) {
    const res = await fetch(`${base}/v1/complaints`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status === 200 && ((await res.json()) as { id: string }).id === id) present += 1;
  }
  return present;
}

t.test('acknowledged complaints survive kill -9', async (t) => {
  const dir = tempDir(t);
  const server = await startServer(envFor(dir));
  const acknowledged = new Map<string, { body: unknown; id: string }>();
  let stop = false;
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const body = complaint({ complainant: { idNumber: residentId(i) } });
      try {
        const res = await fetch(`${server.base}/v1/complaints`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (res.status === 201) acknowledged.set(body.externalId as string, { body, id: ((await res.json()) as { id: string }).id });
      } catch {
        return; // the process is gone
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 1500));
  server.child.kill('SIGKILL');
  stop = true;
  await writer;
  await server.exited;
  t.ok(acknowledged.size > 10, `${acknowledged.size} complaints acknowledged before the kill`);

  const restarted = await startServer(envFor(dir));
  t.teardown(() => restarted.child.kill('SIGKILL'));
  t.equal(await replayAll(restarted.base, acknowledged), acknowledged.size, 'every acknowledged complaint is stored');
});

t.test('SIGTERM lets in-flight requests finish and closes the database cleanly', async (t) => {
  const dir = tempDir(t);
  const server = await startServer(envFor(dir));
  const batches = Array.from({ length: 6 }, (_, b) =>
    Array.from({ length: 150 }, (_, i) => complaint({ complainant: { idNumber: residentId(b * 150 + i) } })),
  );
  const inFlight = batches.map((items) =>
    fetch(`${server.base}/v1/complaints/batch`, { method: 'POST', headers, body: JSON.stringify({ items }) }).then(
      async (res) => ({ status: res.status, json: res.status === 200 ? ((await res.json()) as { results: Array<{ status: string }> }) : null }),
      () => ({ status: 0, json: null }),
    ),
  );
  await new Promise((r) => setTimeout(r, 150));
  server.child.kill('SIGTERM');
  const results = await Promise.all(inFlight);
  const { code } = await server.exited;
  t.equal(code, 0, 'exits cleanly');
  t.match(server.output(), /database closed/);
  const answered = results.filter((r) => r.status === 200);
  t.ok(answered.length >= 1, `${answered.length} batches answered before the exit`);
  for (const r of results) t.ok(r.status === 200 || r.status === 0 || r.status === 503, `in-flight request ended with ${r.status}`);

  const db = new Database(join(dir, 'sieve.db'), { readonly: true });
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const stored = db.prepare('SELECT count(*) AS n FROM complaints').get() as { n: number };
  db.close();
  const acknowledgedItems = answered.reduce((n, r) => n + r.json!.results.filter((x) => x.status === 'created').length, 0);
  t.ok(stored.n >= acknowledgedItems, `all ${acknowledgedItems} acknowledged items are stored (${stored.n} rows)`);
});
