import t from 'tap';
import Database from 'better-sqlite3';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildTestApp, tempDir } from '../helpers/app.js';
import { pageSizeOf } from '../../src/storage/open-store.js';
import { complaint, residentId } from '../helpers/factories.js';

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('trace', stream) };
}

t.test('personal data never reaches the logs', async (t) => {
  const { lines, logger } = captureLogs();
  const h = await buildTestApp(t, { logger });
  const secrets = { idNumber: residentId(917), phone: '13912345678', name: '王秘密', address: '温州市鹿城区秘密路88号' };
  const body = complaint({ complainant: secrets });
  t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 201);
  t.equal((await h.post('intake', '/v1/complaints', { ...body, text: 'changed' })).statusCode, 409);
  t.equal(
    (await h.post('intake', '/v1/complaints', complaint({ complainant: { ...secrets, idNumber: `${secrets.idNumber.slice(0, 17)}0` } }))).statusCode,
    400,
  );
  await h.post('intake', '/v1/complaints/batch', { items: [complaint({ complainant: secrets })] });
  const log = lines.join('\n');
  t.ok(lines.length > 5, 'requests were logged');
  t.match(log, /"reqId":"[0-9a-f-]{36}"/, 'log lines carry request ids');
  for (const [field, value] of Object.entries(secrets)) t.notOk(log.includes(value), `the raw ${field} is not logged`);
  t.notOk(log.includes('intake-token'), 'tokens are not logged');
  for (const line of lines) t.doesNotThrow(() => JSON.parse(line), 'each log line is JSON');
});

t.test("an intake system's X-Request-Id is kept when it is a plausible id, replaced otherwise", async (t) => {
  const { lines, logger } = captureLogs();
  const h = await buildTestApp(t, { logger });
  const mine = await h.req('intake', { method: 'GET', url: '/v1/me', headers: { 'x-request-id': '12315-req.0042:a' } });
  t.equal(mine.headers['x-request-id'], '12315-req.0042:a', "answered under the caller's id");
  t.match(lines.join('\n'), /"reqId":"12315-req.0042:a"/, 'and logged under it');
  for (const hostile of ['x'.repeat(129), 'two words', 'a"b', ''])
    t.match(
      (await h.req('intake', { method: 'GET', url: '/v1/me', headers: { 'x-request-id': hostile } })).headers['x-request-id'],
      /^[0-9a-f-]{36}$/,
      `replaced: ${JSON.stringify(hostile.slice(0, 10))}`,
    );
});

t.test('pino redact covers personal fields if a body were ever logged', async (t) => {
  const { lines, logger } = captureLogs();
  logger.info({ body: { complainant: { idNumber: '330302199001011235', phone: '13800138000' } }, req: { headers: { authorization: 'Bearer x' } } });
  t.notMatch(lines[0], /330302199001011235|13800138000|Bearer x/);
  t.match(lines[0], /\[redacted\]/);
});

t.test('health, readiness, metrics and the OpenAPI document need no token', async (t) => {
  const h = await buildTestApp(t);
  const health = await h.get(null, '/healthz');
  t.equal(health.statusCode, 200);
  const ready = await h.get(null, '/readyz');
  t.same([ready.statusCode, ready.json().status], [200, 'ready']);
  await h.post('intake', '/v1/complaints', complaint());
  const metrics = await h.req(null, { method: 'GET', url: '/metrics', headers: { authorization: 'Bearer ignored' } });
  t.equal(metrics.statusCode, 200);
  t.match(metrics.body, /http_request_duration_seconds_bucket\{.*route="\/v1\/complaints"/);
  const spec = await h.get(null, '/openapi.json');
  t.equal(spec.statusCode, 200);
  const doc = spec.json();
  t.ok(doc.paths['/v1/complaints'].post.requestBody, 'routes are documented from their schemas');
  t.ok(doc.paths['/v1/complaints/batch'].post);
  t.equal((await h.get(null, '/docs')).statusCode < 400, true, 'the UI is served');
});

t.test('readiness turns 503 while shutting down', async (t) => {
  const h = await buildTestApp(t);
  t.equal((await h.get(null, '/readyz')).statusCode, 200);
  h.app.readiness.closing = true;
  const res = await h.get(null, '/readyz');
  t.same([res.statusCode, res.json().status], [503, 'stopping']);
  h.app.readiness.closing = false;
});

t.test('rate limit per key on intake routes', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_RATE_LIMIT: '2' } });
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await h.post('intake', '/v1/complaints', complaint())).statusCode);
  t.same(codes, [201, 201, 429]);
  const limited = await h.post('intake', '/v1/complaints', complaint());
  t.equal(limited.json().error.code, 'RATE_LIMITED');
  t.ok(Number(limited.headers['retry-after']) >= 0, 'Retry-After in seconds');
  t.equal((await h.post('admin', '/v1/complaints', complaint())).statusCode, 201, 'another key has its own budget');
  t.equal((await h.get('intake', '/v1/me')).statusCode, 200, 'non-intake routes are not limited');
  for (let i = 0; i < 5; i++) t.equal((await h.get(null, '/healthz')).statusCode, 200);
  // Order: 429 comes before 403 FORBIDDEN.
  await h.post('reviewer', '/v1/complaints', complaint());
  await h.post('reviewer', '/v1/complaints', complaint());
  t.equal((await h.post('reviewer', '/v1/complaints', complaint())).statusCode, 429);
});

t.test('a first start without keys creates one admin key in an owner-only file and logs only its path', async (t) => {
  const { lines, logger } = captureLogs();
  const dir = tempDir(t);
  const h = await buildTestApp(t, { dir, logger, env: { SIEVE_API_KEYS: '', SIEVE_PII_KEY: '' } });
  const file = join(dir, 'admin.key');
  t.equal(statSync(file).mode & 0o777, 0o600);
  t.equal(statSync(join(dir, 'pii.key')).mode & 0o777, 0o600, 'the generated personal-data key too');
  const token = readFileSync(file, 'utf8').trim();
  const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.same(me.json(), { name: 'admin', role: 'admin' });
  const log = lines.join('\n');
  t.match(log, file);
  t.notOk(log.includes(token));
  await h.app.close();
  // A second start finds the stored key and creates nothing new.
  const again = await buildTestApp(t, { dir, env: { SIEVE_API_KEYS: '', SIEVE_PII_KEY: '' } });
  t.equal(readFileSync(file, 'utf8').trim(), token);
  t.equal((await again.app.keys.list()).length, 1);
});

t.test('the data folder is owner-only, every file in it 0600, and a looser one is tightened and logged', async (t) => {
  const dir = tempDir(t);
  const modes = () => Object.fromEntries(['', 'sieve.db', 'sieve.db-wal', 'sieve.db-shm'].map((f) => [f || 'folder', statSync(join(dir, f)).mode & 0o777]));
  const first = await buildTestApp(t, { dir });
  t.equal((await first.post('intake', '/v1/complaints', complaint())).statusCode, 201);
  t.same(modes(), { folder: 0o700, 'sieve.db': 0o600, 'sieve.db-wal': 0o600, 'sieve.db-shm': 0o600 }, 'a new folder');
  await first.app.close();

  // As an older version or an operator left it.
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'sieve.db'), 0o644);
  const { lines, logger } = captureLogs();
  const again = await buildTestApp(t, { dir, logger });
  t.equal((await again.post('intake', '/v1/complaints', complaint())).statusCode, 201);
  t.same(modes(), { folder: 0o700, 'sieve.db': 0o600, 'sieve.db-wal': 0o600, 'sieve.db-shm': 0o600 }, 'tightened at start');
  t.match(lines.join('\n'), /permissions tightened to owner-only/);
});

t.test('the database is a file in the data folder, in WAL mode with its migrations applied', async (t) => {
  const dir = tempDir(t);
  const h = await buildTestApp(t, { dir });
  t.equal((await h.post('intake', '/v1/complaints', complaint())).statusCode, 201);
  const db = new Database(join(dir, 'sieve.db'), { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'WAL: readers never block the writer');
  const applied = db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  t.ok(applied.n >= 1, 'migrations are recorded');
  t.equal((db.prepare('SELECT count(*) AS n FROM complaints').get() as { n: number }).n, 1);
});

t.test('a new database has pages of 8 KiB; one created with another size keeps it, works, and says so at start', async (t) => {
  const created = captureLogs();
  const fresh = await buildTestApp(t, { logger: created.logger });
  t.equal(pageSizeOf(fresh.config.dbPath), 8192, 'the default for a database created now');
  t.notOk(
    created.lines.some((l) => l.includes('keeps the page size')),
    'which says nothing of its page size at start',
  );

  const dir = tempDir(t);
  const old = await buildTestApp(t, { dir, env: { SIEVE_SQLITE_PAGE_SIZE: '4096' } });
  const id = (await old.post('intake', '/v1/complaints', complaint())).json().id;
  await old.app.close();
  t.equal(pageSizeOf(old.config.dbPath), 4096, 'created with the size configured then');

  const { lines, logger } = captureLogs();
  const h = await buildTestApp(t, { dir, logger });
  t.equal(pageSizeOf(h.config.dbPath), 4096, 'an existing database is not rewritten at start');
  t.equal((await h.get('reviewer', `/v1/complaints/${id}`)).statusCode, 200, 'what it held is read');
  t.equal((await h.post('intake', '/v1/complaints', complaint({ complainant: { idNumber: residentId(31) } }))).statusCode, 201, 'and it takes writes');
  const said = lines.map((l) => JSON.parse(l)).find((l) => /keeps the page size it was created with/.test(l.msg));
  t.match(said, { pageSize: 4096, configured: 8192, msg: /npm run backup -- --page-size/ }, 'the start-up log names both sizes and the way to convert');
});

t.test('configuration is validated once, with every problem named', async (t) => {
  let error: unknown;
  try {
    loadConfig({
      PORT: 'eighty',
      SIEVE_PII_KEY: 'short',
      SIEVE_API_KEYS: 'root:bob:short,reviewer:alice:0123456789abcdef',
      LOG_LEVEL: 'loud',
      SIEVE_RATE_LIMIT: '-1',
      SIEVE_DEFENCE_WORKING_DAYS: '0',
      SIEVE_PROFILES: 'sometimes',
      SIEVE_PROFILE_ITEMS: 'many',
      SIEVE_HEAP_GROWTH: '-5',
      SIEVE_SQLITE_PAGE_SIZE: '6000',
    });
  } catch (err) {
    error = err;
  }
  t.ok(error instanceof ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  for (const named of [
    /PORT/,
    /SIEVE_PII_KEY/,
    /role "root"/,
    /shorter than 16/,
    /LOG_LEVEL/,
    /SIEVE_RATE_LIMIT/,
    /SIEVE_DEFENCE_WORKING_DAYS/,
    /SIEVE_PROFILES must be on, off or verify/,
    /SIEVE_PROFILE_ITEMS/,
    /SIEVE_HEAP_GROWTH/,
    /SIEVE_SQLITE_PAGE_SIZE must be a power of two/,
  ])
    t.match(problems, named);
  t.throws(() => loadConfig({ SIEVE_SQLITE_PAGE_SIZE: '131072' }), { message: /SIEVE_SQLITE_PAGE_SIZE must be a whole number from 512 to 65536/ });
  const defaults = loadConfig({});
  t.match(defaults, { port: 3000, host: '127.0.0.1', bodyLimit: 1_048_576, batchBodyLimit: 16_777_216, rateLimit: 1000, scheduleIntervalSeconds: 86_400 });
  t.match(defaults, { profiles: 'on', profileItems: 700_000 }, 'complainant profiles on, 700,000 items');
  t.equal(defaults.heapGrowthPercent, 50, 'the heap grows by half past what a full collection kept');
  t.equal(loadConfig({ SIEVE_HEAP_GROWTH: '0' }).heapGrowthPercent, 0, "0 leaves V8's own factor");
  t.equal(defaults.sqlitePageSize, 8192, 'a database created now has pages of 8 KiB');
  t.same(defaults.registry, { defenceWorkingDays: 7, termMonths: 12, renewWindowDays: 30, bureau: '市场监督管理局' });
  t.match(defaults.dbPath, /data\/sieve\.db$/);
  t.equal(loadConfig({ SIEVE_API_KEYS: 'intake:svc:abc:def:0123456789' }).apiKeys[0].token, 'abc:def:0123456789', 'tokens may contain colons');
});

t.test('a start with another identifier key than the database was written with is refused', async (t) => {
  const dir = tempDir(t);
  const first = await buildTestApp(t, { dir });
  const filed = complaint();
  const before = (await first.post('intake', '/v1/complaints', filed)).json().complainantId;
  await first.app.close();
  // With another key the stored identifiers match nothing: every filer would become a new record.
  await t.rejects(
    buildTestApp(t, { dir, env: { SIEVE_PII_KEY: 'cd'.repeat(32) } }),
    /SIEVE_PII_KEY\) is not the key this database's identifiers were hashed with/,
  );
  const again = await buildTestApp(t, { dir });
  const answer = (await again.post('intake', '/v1/complaints', complaint({ complainant: filed.complainant }))).json();
  t.equal(answer.complainantId, before, 'with its own key the filer is recognised');
});
