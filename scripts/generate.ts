/**
 * Writes the labelled synthetic intake stream as NDJSON (one record per line).
 *
 *   npx tsx scripts/generate.ts --scale district-year --seed 1 --out data/district.ndjson --summary
 *
 * Progress goes to stderr (a bar on a terminal, a line every few seconds otherwise) so stdout can
 * carry the data.
 */
import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createSummary, generateStream, type GenerateOptions, type Scale } from '../src/synthetic/index.js';

const HELP = `Usage: npx tsx scripts/generate.ts [options]

Generates labelled synthetic complaints and events (POST /v1/complaints and
POST /v1/complaints/{id}/events bodies) in time order, as NDJSON.

Options:
  --scale <name>        tiny | district-year | province (default: district-year)
  --complainants <n>    custom scale: this many complainants (instead of --scale)
  --complaints <n>      with --complainants: aim for about this many complaints
  --seed <n>            integer seed; the same options give the same bytes (default: 1)
  --start <time>        RFC 3339 start of the period, with an offset
                        (default: 2026-01-01T00:00:00+08:00)
  --days <n>            length of the period in days (default: 365)
  --out <file>          write to this file instead of stdout
  --summary             print counts per group as JSON when done
                        (to stdout with --out, else to stderr)
  --quiet               no progress output
  -h, --help            show this help

Each line is {"kind":"complaint","body":{…},"label":{…}} or
{"kind":"event","externalId":"…","body":{…},"label":{…}}; label.group is one of
ordinary, heavy_genuine, collective, professional, ring.`;

class UsageError extends Error {}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  return Number(value);
}

function options(argv: string[]): { gen: GenerateOptions; out?: string; summary: boolean; quiet: boolean } | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        scale: { type: 'string' },
        complainants: { type: 'string' },
        complaints: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        days: { type: 'string' },
        out: { type: 'string' },
        summary: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return null;
  const complainants = integer('complainants', v.complainants);
  const complaints = integer('complaints', v.complaints);
  let scale: Scale;
  if (complainants !== undefined) {
    if (v.scale !== undefined) throw new UsageError('use either --scale or --complainants, not both');
    scale = complaints === undefined ? { complainants } : { complainants, complaints };
  } else {
    if (complaints !== undefined) throw new UsageError('--complaints needs --complainants');
    const name = v.scale ?? 'district-year';
    if (name !== 'tiny' && name !== 'district-year' && name !== 'province') {
      throw new UsageError(`--scale must be tiny, district-year or province, got "${name}"`);
    }
    scale = name;
  }
  const gen: GenerateOptions = { seed: integer('seed', v.seed) ?? 1, scale };
  if (v.start !== undefined) gen.start = v.start;
  const days = integer('days', v.days);
  if (days !== undefined) gen.days = days;
  return { gen, out: v.out, summary: v.summary, quiet: v.quiet };
}

/** Reports progress without slowing the loop: the caller ticks it every few thousand records. */
function progress(total: number, quiet: boolean): { tick(complaints: number, records: number): void; stop(): void } {
  const started = performance.now();
  if (quiet) return { tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'generating |{bar}| {percentage}% | {value}/{total} complaints | {records} records | {rate}/s | eta {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { records: 0, rate: 0 });
    return {
      tick(complaints, records) {
        const rate = Math.round(records / ((performance.now() - started) / 1000));
        bar.update(complaints, { records, rate });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let last = started;
  return {
    tick(complaints, records) {
      const now = performance.now();
      if (now - last < 5000) return;
      last = now;
      const rate = Math.round(records / ((now - started) / 1000));
      process.stderr.write(`generated ${complaints}/${total} complaints, ${records} records (${rate} records/s)\n`);
    },
    stop() {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`done in ${seconds.toFixed(1)} s\n`);
    },
  };
}

/** Set when the reader of stdout went away (e.g. `| head`): stop quietly, it is not an error. */
let readerGone = false;
let writeFailure: Error | null = null;

function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (readerGone || writeFailure) return;
  if (!out.write(chunk)) await drained(out);
}

async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  if (!opts) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Planning a province takes a few seconds before the first record; say so.
  if (!opts.quiet) process.stderr.write(`planning the population (seed ${opts.gen.seed})…\n`);
  const stream = generateStream(opts.gen);

  let out: Writable;
  if (opts.out) {
    const file = await open(opts.out, 'w').catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot write ${opts.out}: ${err.code === 'ENOENT' ? 'no such directory' : err.message}`);
    });
    out = file.createWriteStream();
  } else {
    out = process.stdout;
  }
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') readerGone = true;
    else writeFailure = err;
  });

  const summary = opts.summary ? createSummary() : null;
  const meter = progress(stream.plan.complaints, opts.quiet);
  let complaints = 0;
  let records = 0;
  let chunk = '';
  for (const record of stream) {
    if (readerGone || writeFailure) break;
    chunk += `${JSON.stringify(record)}\n`;
    records++;
    if (record.kind === 'complaint') complaints++;
    summary?.add(record);
    if (chunk.length >= 1 << 20) {
      await write(out, chunk);
      chunk = '';
      meter.tick(complaints, records);
    }
  }
  if (chunk) await write(out, chunk);
  meter.tick(complaints, records);
  meter.stop();
  if (out !== process.stdout) {
    out.end();
    await finished(out).catch(() => undefined);
  }
  if (writeFailure) throw new Error(`cannot write ${opts.out ?? 'stdout'}: ${writeFailure.message}`);
  if (summary && !readerGone) {
    const text = `${JSON.stringify({ plan: stream.plan, ...summary.result() }, null, 2)}\n`;
    (opts.out ? process.stdout : process.stderr).write(text);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`generate: ${message}\n${usage || err instanceof RangeError ? 'Run with --help for usage.\n' : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
