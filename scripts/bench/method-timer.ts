/**
 * Times every method of the write transaction's repositories and of the detection engine, and each
 * transaction group's work and commit, inside a bench app (bench:breakdown, bench:filers --slowest).
 * Methods nest (findSimilar calls refsBySeq), so their times do not add up. Garbage collections are
 * noted with the instant they started, so that they can be charged to whatever was running then.
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import type { Store, WriteContext } from '../../src/storage/ports.js';
import type { benchApp } from './lib.js';

export interface TimedComplaint {
  at: number;
  ms: number;
  parts: Map<string, number>;
}

export interface MethodTimer {
  /** Per name: total ms, calls, longest call. */
  timed: Map<string, { ms: number; calls: number; max: number }>;
  /** Collects each method's time into `parts` until `stop()` (one complaint's breakdown). */
  watch(parts: Map<string, number>): void;
  stop(): void;
  gcBetween: CollectionLog['between'];
  close(): void;
}

export interface CollectionLog {
  /** The garbage collections that started in [from, to), ms, on `performance.now()`'s clock; `major`: the full ones (mark-compact) alone. */
  between(from: number, to: number): { ms: number; count: number; longest: number; major: number };
  close(): void;
}

/**
 * Every garbage collection from now on, with the instant it started. Entries arrive a turn of the
 * event loop after the collection, so ask after one.
 */
export function collectionLog(): CollectionLog {
  const collections: Array<{ at: number; ms: number; major: boolean }> = [];
  // A full collection marks the whole heap (the profile store is most of it); a minor one only the young generation.
  const major = (e: PerformanceEntry) => ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) === constants.NODE_PERFORMANCE_GC_MAJOR;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) collections.push({ at: e.startTime, ms: e.duration, major: major(e) });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    between: (from, to) => {
      const hit = collections.filter((c) => c.at >= from && c.at < to);
      const sum = (list: typeof hit) => list.reduce((s, c) => s + c.ms, 0);
      return { ms: sum(hit), count: hit.length, longest: Math.max(0, ...hit.map((c) => c.ms)), major: sum(hit.filter((c) => c.major)) };
    },
    close: () => observer.disconnect(),
  };
}

export async function timeMethods(app: Awaited<ReturnType<typeof benchApp>>): Promise<MethodTimer> {
  const timed: MethodTimer['timed'] = new Map();
  let current: Map<string, number> | null = null;
  const record = (name: string, ms: number) => {
    const t = timed.get(name) ?? { ms: 0, calls: 0, max: 0 };
    t.ms += ms;
    t.calls += 1;
    t.max = Math.max(t.max, ms);
    timed.set(name, t);
    current?.set(name, (current.get(name) ?? 0) + ms);
  };

  /** Replaces each method of `obj` by one that times it (until its promise settles). */
  const wrap = (prefix: string, obj: Record<string, unknown>) => {
    for (const [key, f] of Object.entries(obj)) {
      if (typeof f !== 'function') continue;
      obj[key] = function (this: unknown, ...args: unknown[]) {
        const started = performance.now();
        const out = f.apply(this, args);
        const done = () => record(`${prefix}.${key}`, performance.now() - started);
        if (out instanceof Promise) return out.finally(done);
        done();
        return out;
      };
    }
  };

  // The write context spreads the same repository objects into every transaction: timing their
  // methods once times every transaction's calls.
  await app.store.write(async (tx) => {
    for (const name of ['complaints', 'identity', 'assessments', 'registry', 'audit'] as const) wrap(name, tx[name] as never);
  });
  wrap('detection', app.services.detection as never);
  // A group's work, and its commit: write() resolves after COMMIT, the function before it.
  const store = app.store as Store;
  const write = store.write.bind(store);
  store.write = <T>(fn: (tx: WriteContext) => Promise<T>) => {
    let worked = 0;
    const started = performance.now();
    return write(async (tx) => {
      const out = await fn(tx);
      worked = performance.now() - started;
      record('transaction group (work)', worked);
      return out;
    }).finally(() => record('transaction group (commit)', performance.now() - started - worked));
  };

  const collections = collectionLog();

  return {
    timed,
    watch: (parts) => {
      current = parts;
    },
    stop: () => {
      current = null;
    },
    gcBetween: collections.between,
    close: collections.close,
  };
}

/** The slowest complaints, each with the four methods that took most of it and the collections that started during it. */
export async function slowestLines(timer: MethodTimer, slowest: TimedComplaint[]): Promise<string[]> {
  if (!slowest.length) return [];
  // The observer is told of collections on a later turn.
  await new Promise((r) => setImmediate(r));
  return [
    `The ${slowest.length} slowest, ms, with the four methods that took most of each (nested ones included) and the garbage collections during it:`,
    ...slowest.map((s) => {
      const parts = [...s.parts].sort((a, b) => b[1] - a[1]).slice(0, 4);
      const gc = timer.gcBetween(s.at, s.at + s.ms);
      const full = gc.major ? `, full ${gc.major.toFixed(1)}` : '';
      const collected = gc.count ? `; gc ${gc.ms.toFixed(1)} (${gc.count}, longest ${gc.longest.toFixed(1)}${full})` : '';
      return `${s.ms.toFixed(1).padStart(7)}   ${parts.map(([name, t]) => `${name} ${t.toFixed(1)}`).join(', ')}${collected}`;
    }),
  ];
}

/**
 * Where groups of complaints spent their time, ms a complaint on average, one column a group, the
 * methods that took most in the first group first (methods nest, so the rows do not add up).
 */
export async function compareLines(timer: MethodTimer, groups: Array<[label: string, complaints: TimedComplaint[]]>): Promise<string[]> {
  await new Promise((r) => setImmediate(r));
  const mean = (list: TimedComplaint[], f: (e: TimedComplaint) => number) => list.reduce((s, e) => s + f(e), 0) / Math.max(1, list.length);
  const gc = (e: TimedComplaint) => timer.gcBetween(e.at, e.at + e.ms);
  const first = groups[0][1];
  const names = [...new Set(first.flatMap((e) => [...e.parts.keys()]))]
    .map((name) => ({ name, ms: mean(first, (e) => e.parts.get(name) ?? 0) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 16)
    .map((r) => r.name);
  const line = (f: (e: TimedComplaint) => number, what: string) => `${groups.map(([, list]) => mean(list, f).toFixed(2).padStart(9)).join(' ')}   ${what}`;
  return [
    `${groups.map(([label, list]) => `${label} (${list.length})`).join(' | ')}: ms a complaint`,
    line((e) => e.ms, 'the whole intake'),
    line((e) => gc(e).ms, 'garbage collection started during it'),
    line((e) => gc(e).major, '  of it full collections (mark-compact)'),
    ...names.map((name) => line((e) => e.parts.get(name) ?? 0, name)),
  ];
}
