/** Shared pieces of the benchmarks: a bench app on a data folder, percentiles, machine facts. */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

export const BENCH_TOKEN = 'bench-intake-token-0123456789';
export const BENCH_ADMIN = 'bench-admin-token-0123456789';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A benchmark's options. An unknown or malformed one is named with the usage (built from `options`,
 * defaults shown; a script checks which it requires) and the process exits with 64, as for a bad
 * value, rather than with node's stack trace.
 */
export function benchArgs<T extends Options>(command: string, options: T) {
  try {
    return parseArgs({ options }).values;
  } catch (err) {
    const usage = Object.entries(options).map(([name, o]) =>
      o.type === 'boolean' ? `[--${name}]` : `[--${name} <${o.default === undefined || o.default === '' ? 'value' : String(o.default)}>]`,
    );
    process.stderr.write(`${(err as Error).message}\n\nUsage: ${command} -- ${usage.join(' ')}\n`);
    process.exit(64);
  }
}

export async function benchApp(dataDir: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    SIEVE_DATA_DIR: dataDir,
    SIEVE_API_KEYS: `intake:bench:${BENCH_TOKEN},admin:bench-admin:${BENCH_ADMIN}`,
    // A folder built by `npm run import` without SIEVE_PII_KEY holds the key it was written with.
    ...(existsSync(join(dataDir, 'pii.key')) ? {} : { SIEVE_PII_KEY: 'cd'.repeat(32) }),
    SIEVE_RATE_LIMIT: '0',
    SIEVE_SCHEDULE_INTERVAL: '0',
    LOG_LEVEL: 'warn',
    // Compare the paths with SIEVE_PROFILES=off|on, a budget with SIEVE_PROFILE_ITEMS, the heap's growth with SIEVE_HEAP_GROWTH.
    ...Object.fromEntries(['SIEVE_PROFILES', 'SIEVE_PROFILE_ITEMS', 'SIEVE_HEAP_GROWTH'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
    ...env,
  });
  const app = await buildApp(config, { logger: createLogger('warn') });
  await app.ready();
  return app;
}

export function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: s[s.length - 1] };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * The process's memory, split where it goes: the JS heap (what is live, and what V8 keeps
 * committed around it, by space), array buffers (the similarity index), and the rest of the RSS —
 * SQLite's page caches, threads' own heaps, the allocator's arenas, code.
 */
export function memoryLine(): string {
  const m = process.memoryUsage();
  const spaces = getHeapSpaceStatistics()
    .filter((s) => s.space_size >= 8 * 2 ** 20)
    .map((s) => `${s.space_name.replace(/_space$/, '')} ${mb(s.space_used_size)}/${mb(s.space_size)}`);
  return `RSS ${mb(m.rss)}: JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)} (${spaces.join(', ')}), array buffers ${mb(m.arrayBuffers)}, the rest ${mb(m.rss - m.heapTotal - m.arrayBuffers)}.`;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** What the complainant profiles hold, for a benchmark's report. */
export function profileLine(app: Awaited<ReturnType<typeof benchApp>>): string {
  const p = app.services.detection.profiles?.stats();
  if (!p) return 'Complainant profiles: off (SIEVE_PROFILES=off).';
  return `Complainant profiles: ${p.profiles} held, ${p.items} items of ${p.budget}; ${p.hits} assessments from a held profile, ${p.loads} read one, ${p.resets} resets; ${p.taken} complaints taken as stored, not read back.`;
}

/**
 * The one message a benchmark's forked client sends back (batch-client.ts, http-client.ts); a
 * client that died instead fails the run rather than leaving it waiting.
 */
export function resultOf<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`the ${what} exited with ${code}`)));
  });
}
