/**
 * Soak benchmark: the compiled service in its own process, driven for a while by mixed traffic at a
 * steady rate, as a bureau's day would mix it:
 *   npm run soak -- [--minutes 10] [--rate 20] [--seed 7]
 * Every second, `rate` requests are started whatever the answers' latency (open loop): single
 * complaints, events on them as the generator dates them, a batch of 50 every 30 s, registry
 * lookups, reviewer reads (the queue, a profile, a complaint) and reviewer actions on flagged
 * entries (claim, then dismiss), and one dry-run rescan in the middle. Each minute it prints p50 and
 * p99 per kind and the service's RSS; at the end, the totals. Exits non-zero on any 5xx or failed
 * connection, naming them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateStream, type SyntheticRecord } from '../../src/synthetic/index.js';
import { BENCH_ADMIN, BENCH_TOKEN, benchArgs, machine, percentiles } from './lib.js';

const values = benchArgs('npm run soak', {
  minutes: { type: 'string', default: '10' },
  rate: { type: 'string', default: '20' },
  seed: { type: 'string', default: '7' },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0) || !(rate > 0)) {
  process.stderr.write('--minutes and --rate take positive numbers, e.g. npm run soak -- --minutes 10 --rate 20\n');
  process.exit(64);
}
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);

const REVIEWER = 'soak-reviewer-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'sieve-soak-'));
const port = 30_000 + Math.floor(Math.random() * 20_000);
const server = spawn(process.execPath, ['dist/src/server.js'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SIEVE_DATA_DIR: dir,
    SIEVE_API_KEYS: `intake:soak-intake:${BENCH_TOKEN},admin:soak-admin:${BENCH_ADMIN},reviewer:soak-reviewer:${REVIEWER}`,
    SIEVE_PII_KEY: 'ef'.repeat(32),
    SIEVE_RATE_LIMIT: '0',
    SIEVE_SCHEDULE_INTERVAL: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const stop = () => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);
for (let t = Date.now(); ; ) {
  if (
    await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (Date.now() - t > 60_000) throw new Error('the service did not become ready within 60 s');
  await new Promise((r) => setTimeout(r, 200));
}

const rssMb = () => {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
};

// The traffic: the generator's complaints in order, their events once their complaint was posted.
const stream: Iterator<SyntheticRecord> = generateStream({ seed: Number(values.seed), scale: 'district-year' })[Symbol.iterator]();
const posted: Array<{ externalId: string; idType?: string; idNumber?: string; phone?: string }> = [];
const pendingEvents: Array<Extract<SyntheticRecord, { kind: 'event' }>> = [];
const postedIds = new Set<string>();
const complainantIds: string[] = [];
const complaintIds: string[] = [];
function nextComplaint(): Extract<SyntheticRecord, { kind: 'complaint' }> {
  for (;;) {
    const r = stream.next();
    if (r.done) throw new Error('the generated stream ran out: lower --rate or --minutes');
    if (r.value.kind === 'event') pendingEvents.push(r.value);
    else return r.value;
  }
}
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

type Kind = 'intake' | 'batch' | 'event' | 'lookup' | 'read' | 'action' | 'rescan';
interface Sample {
  kind: Kind;
  ms: number;
  status: number;
}
let samples: Sample[] = [];
const failures: string[] = [];
/** 4xx answers, by kind and code: refusals the contract defines, listed so none goes unexplained. */
const refusals = new Map<string, number>();

async function send(kind: Kind, method: string, path: string, token: string, body?: unknown): Promise<any> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: any = await res.json().catch(() => null);
    samples.push({ kind, ms: performance.now() - started, status: res.status });
    if (res.status >= 500) failures.push(`${kind} ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    else if (res.status >= 400) {
      const key = `${kind} ${res.status} ${json?.error?.code}: ${json?.error?.details?.[0]?.message ?? json?.error?.message}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    }
    return json;
  } catch (err) {
    samples.push({ kind, ms: performance.now() - started, status: 0 });
    failures.push(`${kind} ${method} ${path} → ${(err as Error).message}`);
    return null;
  }
}

function remember(body: { externalId: string; complainant: { idType?: string; idNumber?: string; phone?: string } }, answer: any) {
  posted.push({ externalId: body.externalId, idType: body.complainant.idType, idNumber: body.complainant.idNumber, phone: body.complainant.phone });
  postedIds.add(body.externalId);
  if (answer?.complainantId) complainantIds.push(answer.complainantId);
  if (answer?.id) complaintIds.push(answer.id);
}

/** One request of the mix: mostly intake, then reads, lookups, events and actions. */
function oneRequest(second: number, slot: number): Promise<unknown> {
  const roll = (slot * 7919 + second * 104_729) % 100;
  if (roll < 45) {
    const rec = nextComplaint();
    return send('intake', 'POST', '/v1/complaints', BENCH_TOKEN, rec.body).then((a) => remember(rec.body, a));
  }
  if (roll < 55) {
    const i = pendingEvents.findIndex((e) => postedIds.has(e.externalId));
    if (i >= 0) {
      const [e] = pendingEvents.splice(i, 1);
      return send('event', 'POST', `/v1/complaints/ext:${encodeURIComponent(e.externalId)}/events`, BENCH_TOKEN, e.body);
    }
  }
  if (roll < 70 && posted.length) {
    const p = pick(posted);
    return send(
      'lookup',
      'POST',
      '/v1/registry/lookup',
      BENCH_TOKEN,
      p.idNumber ? { idType: p.idType, idNumber: p.idNumber } : { phone: p.phone ?? '13800000000' },
    );
  }
  if (roll < 95 && complainantIds.length) {
    const which = roll % 3;
    if (which === 0) return send('read', 'GET', '/v1/complainants?level=review&limit=50', REVIEWER);
    if (which === 1) return send('read', 'GET', `/v1/complainants/${pick(complainantIds)}`, REVIEWER);
    return send('read', 'GET', `/v1/complaints/${pick(complaintIds)}`, REVIEWER);
  }
  return (async () => {
    const page = await send('read', 'GET', '/v1/registry/entries?state=flagged&limit=5', REVIEWER);
    const entry = page?.items?.[0];
    if (!entry) return;
    await send('action', 'POST', `/v1/registry/entries/${entry.id}/actions`, REVIEWER, { action: 'claim', reason: '复核' });
    await send('action', 'POST', `/v1/registry/entries/${entry.id}/actions`, REVIEWER, { action: 'dismiss', reason: '经核实属正常维权' });
  })();
}

say(`Soak: ${minutes} min at ${rate} requests/s (plus a batch of 50 every 30 s and one dry-run rescan at half time), seed ${values.seed}.`);
say('| minute | requests | intake p50 / p99 | batch p99 | event p99 | lookup p99 | read p99 | action p99 | 5xx + failed | RSS |');
say('|---|---|---|---|---|---|---|---|---|---|');
const running = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  running.add(p);
  void p.finally(() => running.delete(p));
};
const p99 = (kind: Kind) => {
  const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms);
  return ms.length ? `${percentiles(ms).p99.toFixed(0)} ms` : '—';
};
const all: Sample[] = [];
const rssSeen: number[] = [];
const t0 = performance.now();
for (let second = 0; second < minutes * 60; second++) {
  for (let slot = 0; slot < rate; slot++) {
    const at = t0 + (second + slot / rate) * 1000;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    track(oneRequest(second, slot));
  }
  if (second % 30 === 29) {
    const items = Array.from({ length: 50 }, () => nextComplaint());
    track(
      send('batch', 'POST', '/v1/complaints/batch', BENCH_TOKEN, { items: items.map((r) => r.body) }).then((a) =>
        items.forEach((r, i) => remember(r.body, a?.results?.[i])),
      ),
    );
  }
  if (second === Math.floor((minutes * 60) / 2)) track(send('rescan', 'POST', '/v1/rescans', BENCH_ADMIN, { dryRun: true }));
  if (second % 60 === 59) {
    const intake = samples.filter((s) => s.kind === 'intake').map((s) => s.ms);
    const q = intake.length ? percentiles(intake) : null;
    const bad = samples.filter((s) => s.status === 0 || s.status >= 500).length;
    const rss = rssMb();
    rssSeen.push(rss);
    say(
      `| ${(second + 1) / 60} | ${samples.length} | ${q ? `${q.p50.toFixed(1)} / ${q.p99.toFixed(0)} ms` : '—'} | ${p99('batch')} | ${p99('event')} | ${p99('lookup')} | ${p99('read')} | ${p99('action')} | ${bad} | ${rss} MB |`,
    );
    all.push(...samples);
    samples = [];
  }
}
await Promise.all([...running]);
all.push(...samples);
const statuses: Record<string, number> = {};
for (const s of all) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
say('');
say(
  `${all.length} requests: ${Object.entries(statuses)
    .map(([status, n]) => `${n} × ${status === '0' ? 'failed' : status}`)
    .join(', ')}.`,
);
say(`RSS per minute: ${rssSeen.join(', ')} MB; ${posted.length} complaints posted.`);
for (const [what, n] of refusals) say(`  refused ${n} × ${what}`);
if (failures.length) {
  say(`Failures (${failures.length}):`);
  for (const f of failures.slice(0, 20)) say(`  ${f}`);
  process.exitCode = 1;
}
