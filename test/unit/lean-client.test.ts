/**
 * The benchmarks' HTTP client (scripts/bench/lean-client.ts): what it sends arrives whole, with its
 * headers and length; the whole answer comes back with its status, however it is split; and its
 * requests share one kept-alive connection, as an intake system's would.
 */
import t from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { leanClient } from '../../scripts/bench/lean-client.js';

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

t.test('posts a body, reads a split answer, on one connection', async (t) => {
  const seen: Array<{ method?: string; url?: string; auth?: string; length?: string; body: string }> = [];
  let connections = 0;
  const server = createServer(async (req, res) => {
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, length: req.headers['content-length'], body: await read(req) });
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    // Written in two pieces, with a character of three bytes across them.
    const answer = Buffer.from(JSON.stringify({ n: seen.length, text: '投诉' }));
    res.write(answer.subarray(0, 12));
    res.end(answer.subarray(12));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const client = leanClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  const body = JSON.stringify({ externalId: 'E-1', text: '标签不合格，要求十倍赔偿' });
  const posted = await client.send('POST', '/v1/complaints', { authorization: 'Bearer token', 'content-type': 'application/json' }, body);
  t.equal(posted.status, 201);
  t.same(JSON.parse(posted.text), { n: 1, text: '投诉' });
  t.same(seen[0], { method: 'POST', url: '/v1/complaints', auth: 'Bearer token', length: String(Buffer.byteLength(body)), body });

  for (let i = 2; i <= 3; i++) {
    const got = await client.send('GET', '/healthz');
    t.equal(got.status, 200);
    t.same(JSON.parse(got.text), { n: i, text: '投诉' });
  }
  t.equal(seen[2].body, '', 'a GET sends no body');
  t.equal(connections, 1, 'three requests, one connection');
  client.close();
});

t.test('a refused connection rejects', async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  await t.rejects(leanClient(`http://127.0.0.1:${port}`).send('GET', '/healthz'), { code: 'ECONNREFUSED' });
});
