/**
 * Another process on the same database file, for tests of what one process sees of another's
 * writes: a store opened in a worker thread that stores pairs and reads them when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';
import type { ReversePairOptions } from '../../src/storage/sqlite/reverse-pairs.js';

type Request =
  | { op: 'store'; pairs: Array<{ later: number; older: number; similarity: number; laterAt: number; olderAt: number; laterBy: string; olderBy: string }> }
  | { op: 'read'; seqs: number[]; excluded: number[]; min: number; from: number; to: number }
  | { op: 'close' };

const { path, reversePairs } = workerData as { path: string; reversePairs: ReversePairOptions };
const store = createSqliteStore(openSqlite({ path }), { reversePairs });

parentPort!.on('message', async (req: Request) => {
  try {
    if (req.op === 'store') {
      await store.write(async (tx) => {
        for (const p of req.pairs)
          await tx.complaints.insertPairs({ seq: p.later, receivedAt: p.laterAt, complainantId: p.laterBy }, [
            { otherSeq: p.older, similarity: p.similarity, otherReceivedAt: p.olderAt, otherComplainantId: p.olderBy },
          ]);
      });
      parentPort!.postMessage({ ok: true });
    } else if (req.op === 'read') {
      const pairs = await store.read.complaints.pairsOf(req.seqs);
      const ring = await store.read.complaints.ringCandidates(req.seqs, req.excluded, req.min, req.from, req.to);
      const inTx = await store.write((tx) => tx.complaints.pairsOf(req.seqs));
      parentPort!.postMessage({ ok: true, pairs, ring, inTx });
    } else {
      store.close();
      parentPort!.postMessage({ ok: true });
    }
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: String(err) });
  }
});
