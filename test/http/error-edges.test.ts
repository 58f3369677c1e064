/**
 * Every refusal in the contract's error shape, whatever layer makes it: the router (bad
 * percent-encoding, over-long path parameters), Node's HTTP parser (oversized headers, malformed
 * requests), a stopping service, and a fault reading stored data (a 500, never the client's 400).
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { connect } from 'node:net';
import { join } from 'node:path';
import { buildTestApp, TOKENS } from '../helpers/app.js';
import { complaint } from '../helpers/factories.js';

/** Sends raw bytes to a listening app and resolves with everything it answers until it closes. */
function exchange(port: number, request: string, giveUpMs = 5000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(giveUpMs, () => socket.destroy());
  });
}

const shaped = (body: unknown, code: string) =>
  typeof body === 'object' &&
  body !== null &&
  (body as { error?: { code?: string; message?: string; details?: unknown } }).error?.code === code &&
  typeof (body as { error: { message: unknown } }).error.message === 'string' &&
  Array.isArray((body as { error: { details: unknown } }).error.details);

t.test('router errors: 401 first on /v1, then 400 or 404 in the contract shape', async (t) => {
  const h = await buildTestApp(t);
  const bad = '/v1/complaints/%E0%A4%A';
  const anonymous = await h.app.inject({ method: 'GET', url: bad });
  t.equal(anonymous.statusCode, 401, 'the token is checked before the path');
  t.ok(shaped(anonymous.json(), 'UNAUTHENTICATED'));
  const known = await h.get('reviewer', bad);
  t.equal(known.statusCode, 400);
  t.ok(shaped(known.json(), 'VALIDATION_FAILED'));
  const outside = await h.app.inject({ method: 'GET', url: '/console/%E0%A4%A' });
  t.equal(outside.statusCode, 400, 'outside /v1 no token is needed to be told');
  t.ok(shaped(outside.json(), 'VALIDATION_FAILED'));
  const long = await h.get('reviewer', `/v1/complaints/${'x'.repeat(3000)}`);
  t.equal(long.statusCode, 404);
  t.ok(shaped(long.json(), 'NOT_FOUND'));
});

t.test('events by ext:<externalId> work for the longest externalIds the contract allows', async (t) => {
  const h = await buildTestApp(t);
  for (const externalId of ['E'.repeat(128), `投诉-${'编号'.repeat(63)}`.slice(0, 128)]) {
    t.equal((await h.post('intake', '/v1/complaints', complaint({ externalId }))).statusCode, 201);
    const event = await h.post('intake', `/v1/complaints/ext:${encodeURIComponent(externalId)}/events`, { type: 'settled', at: '2026-03-05T10:00:00+08:00' });
    t.equal(event.statusCode, 201, `${externalId.length} characters, ${encodeURIComponent(externalId).length} encoded`);
  }
});

t.test("a fault reading stored data is a 500, not the client's invalid JSON", async (t) => {
  const h = await buildTestApp(t);
  t.equal((await h.post('admin', '/v1/rules/v1/activate', { reason: 'an audited change' })).statusCode, 200);
  const db = new Database(join(h.dir, 'sieve.db'));
  db.prepare(`UPDATE audit_log SET data = '{not json' WHERE seq = (SELECT max(seq) FROM audit_log)`).run();
  db.close();
  const res = await h.get('admin', '/v1/audit');
  t.equal(res.statusCode, 500);
  t.ok(shaped(res.json(), 'INTERNAL'));
  const body = await h.app.inject({
    method: 'POST',
    url: '/v1/complaints',
    payload: '{not json',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.intake}` },
  });
  t.equal(body.statusCode, 400, "a body that is not JSON is still the client's 400");
  t.ok(shaped(body.json(), 'INVALID_JSON'));
});

t.test('while stopping, new requests get 503 in the contract shape and /readyz says so', async (t) => {
  const h = await buildTestApp(t);
  h.app.readiness.closing = true;
  t.teardown(() => {
    h.app.readiness.closing = false;
  });
  const res = await h.get('reviewer', '/v1/complainants');
  t.equal(res.statusCode, 503);
  t.ok(shaped(res.json(), 'SERVICE_UNAVAILABLE'));
  t.equal(res.headers.connection, 'close');
  const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'stopping' });
});

t.test("Node's own refusals (oversized headers, malformed requests) come in the contract shape", async (t) => {
  const h = await buildTestApp(t);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (h.app.server.address() as { port: number }).port;
  const raw = (request: string) => exchange(port, request);
  const parse = (response: string) => ({ status: Number(response.split(' ')[1]), body: JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) });
  const huge = parse(await raw(`GET /v1/me?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
  t.equal(huge.status, 431);
  t.ok(shaped(huge.body, 'HEADERS_TOO_LARGE'));
  const garbage = parse(await raw('THIS IS NOT HTTP\r\n\r\n'));
  t.equal(garbage.status, 400);
  t.ok(shaped(garbage.body, 'MALFORMED_REQUEST'));
});

t.test('a client that stalls halfway through its body is answered 408 and cut off, and counted', async (t) => {
  const h = await buildTestApp(t, { env: { SIEVE_HEADERS_TIMEOUT: '1', SIEVE_REQUEST_TIMEOUT: '2' } });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (h.app.server.address() as { port: number }).port;
  const started = Date.now();
  // Far beyond the 2 s limit and Node's 1 s check: only a missing timeout lets the wait run out.
  const answer = await exchange(
    port,
    `POST /v1/complaints HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.intake}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"externalId":`,
    30_000,
  );
  t.ok(Date.now() - started < 30_000, 'the server closed the connection');
  t.equal(Number(answer.split(' ')[1]), 408);
  t.ok(shaped(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), 'REQUEST_TIMEOUT'));
  const metrics = await h.app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.body, /sieve_client_errors_total\{reason="REQUEST_TIMEOUT"\} 1/);
});
