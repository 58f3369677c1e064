/**
 * Pairs read from their older complaint (storage/sqlite/reverse-pairs.ts): whatever has been merged
 * into the table and whatever is still held in memory, read through two processes' connections to
 * one file, every read equals the pairs a plain list of them gives.
 */
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';
import { ReversePairs } from '../../src/storage/sqlite/reverse-pairs.js';
import type { Store } from '../../src/storage/ports.js';
import { Rng } from '../../src/synthetic/randomness.js';
import { tempDir } from '../helpers/app.js';
import { migrationsUpTo } from '../helpers/migrations.js';

interface Pair {
  later: number;
  older: number;
  similarity: number;
  laterAt: number;
  olderAt: number;
  laterBy: string;
  olderBy: string;
}

/** Uniform in [0, 1). */
const seeded = (seed: number) => {
  const rng = new Rng([seed]);
  return () => rng.u32() / 2 ** 32;
};
const at = (seq: number) => 1_000_000 + seq * 1_000;
const by = (seq: number) => `p_${seq % 7}`;

/** Pairs for complaints from..to, each with up to four earlier ones. */
function pairsFor(random: () => number, from: number, to: number): Pair[] {
  const out: Pair[] = [];
  for (let later = from; later <= to; later++) {
    const olders = new Set<number>();
    for (let k = Math.floor(random() * 5); k > 0 && later > 1; k--) olders.add(1 + Math.floor(random() * (later - 1)));
    for (const older of [...olders].sort((a, b) => a - b))
      out.push({
        later,
        older,
        similarity: Math.round(random() * 1000) / 1000,
        laterAt: at(later),
        olderAt: at(older),
        laterBy: by(later),
        olderBy: by(older),
      });
  }
  return out;
}

async function store(s: Store, pairs: Pair[]): Promise<void> {
  await s.write(async (tx) => {
    for (const later of new Set(pairs.map((p) => p.later)))
      await tx.complaints.insertPairs(
        { seq: later, receivedAt: at(later), complainantId: by(later) },
        pairs
          .filter((p) => p.later === later)
          .map((p) => ({ otherSeq: p.older, similarity: p.similarity, otherReceivedAt: p.olderAt, otherComplainantId: p.olderBy })),
      );
  });
}

const key = (r: { seq: number; otherSeq: number }) => `${r.seq}>${r.otherSeq}`;
const sorted = <T extends { seq: number; otherSeq: number }>(rows: T[]) => [...rows].sort((a, b) => a.seq - b.seq || a.otherSeq - b.otherSeq);

/** What pairsOf and ringCandidates must answer, from the list. */
function expected(all: Pair[], seqs: number[], excluded: number[], min: number, from: number, to: number) {
  const ours = new Set(seqs);
  const not = new Set(excluded);
  const sides = all.flatMap((p) => [
    { seq: p.later, otherSeq: p.older, similarity: p.similarity, otherReceivedAt: p.olderAt, otherComplainant: p.olderBy },
    { seq: p.older, otherSeq: p.later, similarity: p.similarity, otherReceivedAt: p.laterAt, otherComplainant: p.laterBy },
  ]);
  const touching = sides.filter((s) => ours.has(s.seq));
  return {
    pairs: sorted(touching.map(({ seq, otherSeq, similarity }) => ({ seq, otherSeq, similarity }))),
    ring: sorted(touching.filter((s) => !not.has(s.otherSeq) && s.similarity >= min && s.otherReceivedAt > from && s.otherReceivedAt <= to)),
  };
}

interface Reads {
  pairs: Array<{ seq: number; otherSeq: number; similarity: number }>;
  ring: Array<{ seq: number; otherSeq: number; similarity: number; otherReceivedAt: number; otherComplainant: string }>;
  /** pairsOf inside a write transaction, on the writer's own connection. */
  inTx: Array<{ seq: number; otherSeq: number; similarity: number }>;
}
type Reader = (seqs: number[], excluded: number[], min: number, from: number, to: number) => Promise<Reads>;

const readsOf =
  (s: Store): Reader =>
  async (seqs, excluded, min, from, to) => ({
    pairs: await s.read.complaints.pairsOf(seqs),
    ring: await s.read.complaints.ringCandidates(seqs, excluded, min, from, to),
    inTx: await s.write((tx) => tx.complaints.pairsOf(seqs)),
  });

/** The same store in a worker thread: another process writing and reading the same file. */
function otherProcess(t: Test, path: string, reversePairs: object) {
  const worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('../helpers/pair-store.worker.ts', import.meta.url).href)}); })`,
    { eval: true, workerData: { path, reversePairs } },
  );
  const ask = <T>(req: object) =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', (m: { ok: boolean; error?: string } & T) => (m.ok ? resolve(m) : reject(new Error(m.error))));
      worker.postMessage(req);
    });
  t.teardown(async () => {
    await ask({ op: 'close' });
    await worker.terminate();
  });
  return {
    store: (pairs: Pair[]) => ask<unknown>({ op: 'store', pairs }),
    read: ((seqs, excluded, min, from, to) => ask<Reads>({ op: 'read', seqs, excluded, min, from, to })) as Reader,
  };
}

async function check(t: Test, read: Reader, all: Pair[], random: () => number, label: string): Promise<void> {
  const top = Math.max(...all.map((p) => p.later));
  for (let round = 0; round < 6; round++) {
    const seqs = [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => 1 + Math.floor(random() * top)))];
    const excluded = seqs.length > 1 ? [seqs[0] + 1] : [];
    const [min, from, to] = [random() * 0.5, at(Math.floor(random() * top * 0.3)), at(top - Math.floor(random() * top * 0.3))];
    const want = expected(all, seqs, excluded, min, from, to);
    const got = await read(seqs, excluded, min, from, to);
    const [pairs, ring, inTx] = [sorted(got.pairs), sorted(got.ring), sorted(got.inTx)];
    // One assertion a read that differs, so that a passing run does not print thousands.
    if (pairs.map(key).join() !== want.pairs.map(key).join()) t.same(pairs, want.pairs, `${label}: pairs of ${seqs}`);
    if (JSON.stringify(ring) !== JSON.stringify(want.ring)) t.same(ring, want.ring, `${label}: ring candidates of ${seqs}`);
    if (inTx.map(key).join() !== want.pairs.map(key).join()) t.same(inTx, want.pairs, `${label}: pairs of ${seqs} in a transaction`);
  }
  reads += 6;
}
let reads = 0;

const counts = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    const older = (db.prepare('SELECT count(*) AS n FROM similar_pairs_by_older').get() as { n: number }).n;
    const marks = (db.prepare('SELECT count(*) AS n FROM similar_pair_marks').get() as { n: number }).n;
    return { older, marks };
  } finally {
    db.close();
  }
};

t.test('two processes storing, merging and reading pairs from either end agree with the plain list at every step', async (t) => {
  const path = join(tempDir(t), 'pairs.db');
  // Small blocks, a small tail and small steps, so that the sweeps run often, split blocks and end
  // in the middle of the writes.
  const reversePairs = { blockBits: 3, mergeAbove: 40, mergeAtOnce: 7 };
  const a = createSqliteStore(openSqlite({ path }), { reversePairs });
  t.teardown(() => a.close());
  const b = otherProcess(t, path, reversePairs);
  // A read-only connection that never commits: what it holds is kept small by the writers' marks.
  const watching = openSqlite({ path, readOnly: true });
  t.teardown(() => watching.close());
  const watcher = new ReversePairs(watching.reader, reversePairs);
  let watched = 0;
  const random = seeded(14);
  const all: Pair[] = [];
  let next = 1;
  const before = reads;
  for (let step = 0; step < 40; step++) {
    const more = pairsFor(random, next, next + 4);
    next += 5;
    if (step % 3 === 2) await b.store(more);
    else await store(a, more);
    all.push(...more);
    await check(t, readsOf(a), all, random, `step ${step}, process a`);
    await check(t, b.read, all, random, `step ${step}, process b`);
    watcher.later([1]);
    watched = Math.max(watched, watcher.size);
  }
  t.equal(reads - before, 480, 'every read was compared');
  t.ok(
    all.length > 4 * reversePairs.mergeAbove && watched <= 4 * reversePairs.mergeAbove,
    `a reader held at most ${watched} of the ${all.length} pairs at once`,
  );
  const { older, marks } = counts(path);
  t.ok(older > all.length / 2, `most pairs were merged into the table by their older complaint (${older} of ${all.length})`);
  t.ok(marks > 10, `blocks carry their marks (${marks})`);
});

t.test('a transaction or savepoint undone takes its pairs out of the tail held in memory', async (t) => {
  const path = join(tempDir(t), 'undo.db');
  const s = createSqliteStore(openSqlite({ path }), { reversePairs: { blockBits: 3, mergeAbove: 1_000, mergeAtOnce: 100 } });
  t.teardown(() => s.close());
  const random = seeded(3);
  const kept = pairsFor(random, 1, 30);
  await store(s, kept);
  await check(t, readsOf(s), kept, random, 'stored');

  const undone = pairsFor(random, 31, 35).filter((p) => p.older <= 30);
  t.ok(undone.length > 0, 'pairs to undo');
  await t.rejects(
    s.write(async (tx) => {
      for (const p of undone)
        await tx.complaints.insertPairs({ seq: p.later, receivedAt: p.laterAt, complainantId: p.laterBy }, [
          { otherSeq: p.older, similarity: p.similarity, otherReceivedAt: p.olderAt, otherComplainantId: p.olderBy },
        ]);
      // Read from the older end, so the tail holds them before the transaction fails.
      const seen = await tx.complaints.pairsOf(undone.map((p) => p.older));
      t.ok(
        undone.every((p) => seen.some((r) => r.seq === p.older && r.otherSeq === p.later)),
        'the transaction reads its own pairs from their older end',
      );
      throw new Error('undone');
    }),
  );
  await check(t, readsOf(s), kept, random, 'after a transaction undone');

  const inner = pairsFor(random, 31, 33);
  const outer = pairsFor(random, 34, 36);
  await s.write(async (tx) => {
    const put = (ps: Pair[]) =>
      Promise.all(
        ps.map((p) =>
          tx.complaints.insertPairs({ seq: p.later, receivedAt: p.laterAt, complainantId: p.laterBy }, [
            { otherSeq: p.older, similarity: p.similarity, otherReceivedAt: p.olderAt, otherComplainantId: p.olderBy },
          ]),
        ),
      );
    await t.rejects(
      tx.savepoint(async () => {
        await put(inner);
        await tx.complaints.pairsOf(inner.map((p) => p.older));
        throw new Error('undone');
      }),
    );
    await put(outer);
  });
  await check(t, readsOf(s), [...kept, ...outer], random, 'after a savepoint undone and its transaction committed');
});

t.test('0013 moves the pairs stored before it into the table by their older complaint', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(dir, '0012_complaint_reads') });
  const random = seeded(5);
  const all = pairsFor(random, 1, 9000);
  const insert = old.prepare(
    `INSERT INTO similar_pairs (complaint_seq, other_seq, similarity, complaint_received_at, complaint_complainant, other_received_at, other_complainant)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  old.transaction(() => {
    for (const p of all) insert.run(p.later, p.older, p.similarity, p.laterAt, p.laterBy, p.olderAt, p.olderBy);
  })();
  old.close();

  const s = createSqliteStore(openSqlite({ path }));
  t.teardown(() => s.close());
  t.same(counts(path), { older: all.length, marks: 3 }, 'every pair moved, and the marks of blocks 0–2 (seqs to 8,999) set');
  await check(t, readsOf(s), all, random, 'migrated');
});
