/**
 * The first load of a bureau's past complaints:
 *   npm run import -- --file complaints.ndjson [--events events.ndjson] [--as-of <time>] [--batch 1000]
 * Each line of --file is one complaint in the batch item shape (the body of POST /v1/complaints),
 * or a record of `npm run generate` (`{"kind": "complaint" | "event", "body": …}`; its events are
 * loaded after the complaints). Each line of --events is an event record of the generator, or
 * `{"complaint": "<externalId>", …event body}`.
 *
 * Every complaint is stored, linked to its complainant, near-duplicate-searched, paired and indexed
 * exactly as intake does, but not assessed one by one; then every complainant is assessed once, as
 * of --as-of (default: the newest complaint stored), by an applied rescan, which also flags those
 * at the review level. Uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service; run it while the
 * service is stopped (the service's near-duplicate index is read at its start).
 *
 * Indexes that nothing of the load reads through are dropped while it runs and built once at its
 * end (storage/sqlite/deferred-indexes.ts); a load that does not finish leaves them to be built by
 * the next process that opens the database.
 *
 * Resumable: stopped by Ctrl-C (the batch under way is finished) or by a crash, the same command
 * goes on where it stopped — complaints already stored are recognised by their externalId and
 * skipped, and an unfinished assessment pass is resumed. Exits 0 with a summary; 1 on failure.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { BatchItemResult, ImportedResult } from '../src/intake/intake.service.js';
import { formatTime } from '../src/shared/time.js';
import { runCli, UsageError } from './lib/cli.js';
import { progressReporter } from './lib/progress.js';
import { runRescan } from './lib/run-rescan.js';

const USAGE = 'Usage: npm run import -- --file complaints.ndjson [--events events.ndjson] [--as-of <RFC 3339 time>] [--batch 1000]';

interface Tally {
  created: number;
  skipped: number;
  invalid: number;
  conflict: number;
  failed: number;
  events: number;
  eventsSkipped: number;
  eventsRefused: number;
  /** The first refusals, line by line, for the summary. */
  problems: string[];
}

/** One line of an input file: a complaint, an event, or a line the import cannot use. */
type Line = { complaint: unknown } | { event: { complaint: string; body: unknown } } | { bad: string };

function classify(text: string): Line {
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    return { bad: 'not JSON' };
  }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return { bad: 'not a JSON object' };
  const r = rec as Record<string, unknown>;
  if (r.kind === 'event' && typeof r.externalId === 'string' && r.body) return { event: { complaint: r.externalId, body: r.body } };
  if ((r.kind === 'complaint' || r.kind === 'report') && r.body && typeof r.body === 'object') return { complaint: r.body };
  if (typeof r.complaint === 'string') {
    const { complaint, ...body } = r;
    return { event: { complaint, body } };
  }
  return { complaint: rec };
}

async function* lines(file: string): AsyncGenerator<{ n: number; text: string; bytes: number }> {
  let n = 0;
  let bytes = 0;
  // Lines are read only between transaction groups: large reads keep the next batches coming.
  for await (const text of createInterface({ input: createReadStream(file, { highWaterMark: 4 * 2 ** 20 }), crlfDelay: Infinity })) {
    n += 1;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim()) yield { n, text, bytes };
  }
}

await runCli(USAGE, async () => {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      events: { type: 'string' },
      'as-of': { type: 'string' },
      batch: { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('');
  if (!values.file) throw new UsageError('--file names the complaints to load (NDJSON).');
  for (const f of [values.file, values.events]) if (f && !existsSync(f)) throw new UsageError(`There is no file ${f}.`);
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch takes a whole number from 1 to 10000.');

  // The scheduler and rescans of the service stay off: this process only loads.
  const config = loadConfig({ ...process.env, SIEVE_SCHEDULE_INTERVAL: '0' });
  const started = performance.now();
  const tally: Tally = { created: 0, skipped: 0, invalid: 0, conflict: 0, failed: 0, events: 0, eventsSkipped: 0, eventsRefused: 0, problems: [] };
  const note = (line: number, problem: string) => {
    if (tally.problems.length < 20) tally.problems.push(`line ${line}: ${problem}`);
  };

  const app = await buildApp(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  await app.ready();
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write('\nStopping after the batch under way; run the same command again to go on.\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let loadSeconds = 0;
  let indexSeconds = 0;
  try {
    const { intake } = app.services;
    // Indexes the load reads nothing through are built once at its end rather than row by row.
    await app.store.deferIndexes?.();
    const pendingEvents: Array<{ line: number; complaint: string; body: unknown }> = [];

    // 1. Complaints, in batches: those already stored (an earlier, interrupted run) are skipped
    // before any work is done on them.
    const total = statSync(values.file).size;
    const bar = progressReporter('complaints');
    let batch: Array<{ line: number; body: unknown }> = [];
    // Batches flow through two stages: later ones are prepared (worker threads) while earlier ones
    // are stored; at most AHEAD batches wait, so memory stays bounded.
    const AHEAD = 2;
    const queued: Array<Promise<void>> = [];
    let storing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const items = batch;
      batch = [];
      const fresh: typeof items = [];
      for (const it of items) {
        const id = (it.body as { externalId?: unknown }).externalId;
        if (typeof id === 'string' && (await app.store.read.complaints.findByExternalId(id))) tally.skipped += 1;
        else fresh.push(it);
      }
      if (!fresh.length) return;
      const prepared = intake.prepareBatch(fresh.map((i) => i.body));
      prepared.catch(() => undefined); // awaited below, in order
      storing = storing.then(async () => count(await intake.importBatch(await prepared), fresh));
      queued.push(storing);
      if (queued.length > AHEAD) await queued.shift();
    };
    const count = (results: BatchItemResult<ImportedResult>[], items: Array<{ line: number }>) =>
      results.forEach((r, i) => {
        if (r.status === 'created') tally.created += 1;
        else if (r.status === 'duplicate') tally.skipped += 1;
        else if (r.status === 'invalid' || r.status === 'conflict') {
          tally[r.status === 'conflict' ? 'conflict' : r.error.code === 'INTERNAL' ? 'failed' : 'invalid'] += 1;
          note(
            items[i].line,
            `${r.error.code}: ${r.error.message}${r.error.details.length ? ` (${r.error.details.map((d) => `${d.path} ${d.message}`).join('; ')})` : ''}`,
          );
        }
      });
    for await (const { n, text, bytes } of lines(values.file)) {
      if (stopping) break;
      const line = classify(text);
      if ('bad' in line) {
        tally.invalid += 1;
        note(n, line.bad);
      } else if ('event' in line) pendingEvents.push({ line: n, ...line.event });
      else batch.push({ line: n, body: line.complaint });
      if (batch.length >= batchSize) {
        await flush();
        bar.update(bytes, total);
      }
    }
    if (!stopping) await flush();
    await storing;
    bar.update(total, total);
    bar.stop();

    // 2. Events, after every complaint they may refer to.
    if (values.events && !stopping)
      for await (const { n, text } of lines(values.events)) {
        const line = classify(text);
        if ('event' in line) pendingEvents.push({ line: n, ...line.event });
        else {
          tally.eventsRefused += 1;
          note(n, `${values.events}: not an event record`);
        }
      }
    const eventBar = progressReporter('events');
    const EVENT_CHUNK = 5000;
    for (let start = 0; start < pendingEvents.length && !stopping; start += EVENT_CHUNK) {
      const chunk = pendingEvents.slice(start, start + EVENT_CHUNK);
      const answers = await intake.importEvents(chunk.map((e) => ({ complaintRef: `ext:${e.complaint}`, body: e.body })));
      answers.forEach((r, i) => {
        if ('created' in r) tally[r.created ? 'events' : 'eventsSkipped'] += 1;
        else {
          tally.eventsRefused += 1;
          const code = (r.error as { code?: string }).code;
          note(chunk[i].line, `event on ${chunk[i].complaint}: ${code ? `${code}: ` : ''}${(r.error as Error).message}`);
        }
      });
      eventBar.update(start + chunk.length, pendingEvents.length);
    }
    eventBar.stop();
    if (!stopping && app.store.restoreIndexes) {
      const indexing = performance.now();
      await app.store.restoreIndexes((name) => process.stderr.write(`building index ${name}…\n`));
      indexSeconds = (performance.now() - indexing) / 1000;
    }
    loadSeconds = (performance.now() - started) / 1000;
  } finally {
    await app.close();
  }

  const summary = [
    `Complaints: ${tally.created} stored, ${tally.skipped} already there, ${tally.invalid} refused as invalid, ${tally.conflict} refused (externalId used for other content), ${tally.failed} failed.`,
    `Events: ${tally.events} stored, ${tally.eventsSkipped} already there, ${tally.eventsRefused} refused.`,
    `Loaded in ${loadSeconds.toFixed(1)} s (${(tally.created / Math.max(loadSeconds, 0.001)).toFixed(0)} complaints/s), of which ${indexSeconds.toFixed(1)} s building the indexes left for the end.`,
  ];
  if (stopping) {
    process.stdout.write(`${summary.join('\n')}\nInterrupted: run the same command again to go on.\n`);
    process.exitCode = 130;
    return;
  }

  // 3. Everyone assessed once, as of the newest complaint (or --as-of), by an applied rescan.
  const assessStarted = performance.now();
  const asOf = values['as-of'] ?? (await newestReceived(config));
  const run = await runRescan(config, { request: { dryRun: false, asOf }, label: 'assessing' });
  const diff = run.result.diff as { summary: string };
  summary.push(`Assessed every complainant as of ${asOf} in ${((performance.now() - assessStarted) / 1000).toFixed(1)} s (rescan ${run.id}): ${diff.summary}`);
  if (tally.problems.length) summary.push('First problems:', ...tally.problems.map((p) => `  ${p}`));
  process.stdout.write(`${summary.join('\n')}\n`);
});

/** The receipt time of the newest stored complaint, as the assessment pass's as-of. */
async function newestReceived(config: ReturnType<typeof loadConfig>): Promise<string | undefined> {
  const { openReadStore } = await import('../src/storage/open-store.js');
  const store = openReadStore(config.dbPath);
  try {
    const at = await store.read.complaints.newestReceivedAt();
    return at === null ? undefined : formatTime(at);
  } finally {
    store.close();
  }
}
