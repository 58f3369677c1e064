/**
 * npm run demo — the service with demo data, to try the reviewer console.
 *
 * Wipes and recreates the demo data folder (data-demo/ in the project root), starts the service on
 * 127.0.0.1 (PORT, default 3000), loads the labelled synthetic stream (src/synthetic/,
 * scale "tiny", seed 1: one-off consumers, heavy genuine complainants, a collective wave,
 * professional claimants and a ring) through the intake API over HTTP, and prints the console's
 * address and a fresh token for each demo person. Ctrl-C stops it; the folder stays until the
 * next run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from '../src/app.js';
import { loadConfig, type Role } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { projectRoot } from '../src/shared/project-root.js';
import { generateStream, type ComplaintBody } from '../src/synthetic/index.js';

const DATA_DIR = join(projectRoot, 'data-demo');
const SEED = 1;
const BATCH_SIZE = 500;

const PEOPLE: Array<{ role: Role; name: string; use: string }> = [
  { role: 'reviewer', name: 'rev-wang', use: '审查员：认领、撤销、提议列入、登记申辩' },
  { role: 'reviewer', name: 'rev-li', use: '第二位审查员' },
  { role: 'supervisor', name: 'sup-zhao', use: '主管：另可退回、批准告知、决定、移出、续期' },
  { role: 'supervisor', name: 'sup-qian', use: '第二位主管（四眼原则：提议人不能批准或决定）' },
  { role: 'admin', name: 'admin-demo', use: '管理员：规则与重新扫描（不能使用控制台）' },
  { role: 'intake', name: 'demo-intake', use: '受理系统：本脚本用它加载演示数据' },
];

const keys = PEOPLE.map((p) => ({ ...p, token: `demo-${p.role}-${randomBytes(16).toString('base64url')}` }));
const tokenOf = (role: Role) => keys.find((k) => k.role === role)!.token;

async function call<T>(base: string, role: Role, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokenOf(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type BatchResult = { externalId: string; status: string; error?: { code: string } };
type Page = { items: unknown[] };

/** Posts the stream in time order: runs of complaints as batches, each event once its complaint is in. */
async function loadDemoData(base: string) {
  const counts = { complaints: 0, events: 0, rejected: 0 };
  let batch: ComplaintBody[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { results } = await call<{ results: BatchResult[] }>(base, 'intake', 'POST', '/v1/complaints/batch', { items: batch });
    for (const r of results) {
      if (r.status === 'created' || r.status === 'duplicate') counts.complaints++;
      else {
        counts.rejected++;
        process.stderr.write(`complaint ${r.externalId} was not stored: ${r.error?.code ?? r.status}\n`);
      }
    }
    batch = [];
  };
  for (const record of generateStream({ seed: SEED, scale: 'tiny' })) {
    if (record.kind === 'complaint') {
      batch.push(record.body);
      if (batch.length === BATCH_SIZE) await flush();
    } else {
      await flush();
      await call(base, 'intake', 'POST', `/v1/complaints/ext:${encodeURIComponent(record.externalId)}/events`, record.body);
      counts.events++;
    }
  }
  await flush();
  return counts;
}

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const config = loadConfig({
    PORT: process.env.PORT ?? '3000',
    HOST: '127.0.0.1',
    SIEVE_DATA_DIR: DATA_DIR,
    SIEVE_API_KEYS: keys.map((k) => `${k.role}:${k.name}:${k.token}`).join(','),
    // Loading posts hundreds of events back to back; the per-key limit would only slow that down.
    SIEVE_RATE_LIMIT: '0',
    SIEVE_SCHEDULE_INTERVAL: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, { logger });
  closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'demo stopping after an error');
    await app.close();
    if (signal) process.stdout.write('\nSieve demo stopped.\n');
  });

  await app.listen({ port: config.port, host: config.host });
  const base = `http://127.0.0.1:${config.port}`;
  process.stdout.write(`Sieve demo: loading synthetic data (seed ${SEED}) into ${DATA_DIR} …\n`);
  const loaded = await loadDemoData(base);
  const queue = await call<Page>(base, 'reviewer', 'GET', '/v1/complainants?level=review&limit=500');
  const flagged = await call<Page>(base, 'reviewer', 'GET', '/v1/registry/entries?state=flagged&limit=500');

  const nameWidth = Math.max(...keys.map((k) => k.name.length));
  const tokenWidth = Math.max(...keys.map((k) => k.token.length));
  process.stdout.write(
    [
      '',
      `Loaded ${loaded.complaints} complaints and ${loaded.events} events${loaded.rejected ? ` (${loaded.rejected} refused, see above)` : ''}: ` +
        `${queue.items.length} complainants at level review, ${flagged.items.length} flagged registry entries.`,
      `Data folder: ${DATA_DIR} (wiped at every start of the demo).`,
      '',
      `Reviewer console: ${base}/console`,
      '',
      'Tokens for this run (sign in to the console with a reviewer or supervisor token):',
      ...keys.map((k) => `  ${k.role.padEnd(10)} ${k.name.padEnd(nameWidth)}  ${k.token.padEnd(tokenWidth)}  ${k.use}`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  process.stderr.write(`The demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
