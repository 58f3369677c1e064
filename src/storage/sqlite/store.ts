/**
 * The SQLite store: the repositories over one writer and one reader connection, and write
 * transactions serialised in the process (SQLite has one writer) with savepoints for nested units.
 */
import type { AuditSeal } from '../../registry/audit.js';
import type { Repositories, Store, WriteContext } from '../ports.js';
import { createSqliteAssessmentRepository } from './assessments.repository.js';
import { createSqliteAuditRepository } from './audit.repository.js';
import { createSqliteComplaintRepository } from './complaints.repository.js';
import type { SqliteConnections, SqliteDb } from './connection.js';
import { createSqliteIdentityRepository } from './identity.repository.js';
import { createSqliteKeyRepository } from './keys.repository.js';
import { createSqliteRegistryRepository } from './registry.repository.js';
import { createSqliteDocumentRepository } from './documents.repository.js';
import { deferIndexes, restoreDeferredIndexes } from './deferred-indexes.js';
import { createSqliteRescanRepository } from './rescans.repository.js';
import { type ReversePairOptions, ReversePairs } from './reverse-pairs.js';
import { createSqliteSessionRepository } from './sessions.repository.js';

function repositories(db: SqliteDb, seal: AuditSeal | null, reverse: ReversePairs): Repositories {
  return {
    keys: createSqliteKeyRepository(db),
    complaints: createSqliteComplaintRepository(db, reverse),
    identity: createSqliteIdentityRepository(db),
    assessments: createSqliteAssessmentRepository(db),
    registry: createSqliteRegistryRepository(db),
    documents: createSqliteDocumentRepository(db),
    audit: createSqliteAuditRepository(db, seal),
    rescans: createSqliteRescanRepository(db),
    sessions: createSqliteSessionRepository(db),
  };
}

/**
 * @param options.audit the audit key (and refusal) appends are authenticated with; a store opened
 *   without it reads the chain but cannot extend it
 */
export function createSqliteStore(connections: SqliteConnections, options: { audit?: AuditSeal; reversePairs?: ReversePairOptions } = {}): Store {
  const client = connections.writer.$client;
  const seal = options.audit ?? null;
  // Each connection holds its own tail of pairs: the writer's may hold its transaction's own.
  const reverse = new ReversePairs(connections.writer, options.reversePairs);
  const writeRepos = repositories(connections.writer, seal, reverse);
  const read =
    connections.reader === connections.writer ? writeRepos : repositories(connections.reader, seal, new ReversePairs(connections.reader, options.reversePairs));
  // SQLite has one writer; queueing here keeps an awaited transaction from interleaving with another.
  let tail: Promise<unknown> = Promise.resolve();
  let merging = false;
  if (!client.readonly && reverse.tailLength() > 2 * reverse.options.mergeAbove)
    // A bulk load stopped before its end left its pairs unmerged: reading them into memory would cost more.
    client.transaction(() => reverse.mergeAll())();

  async function run<T>(fn: (tx: WriteContext) => Promise<T>): Promise<T> {
    // A stack: a savepoint's rollback hooks run when it is undone and join the parent when released.
    const undo: Array<Array<() => void>> = [[]];
    let depth = 0;
    const tx: WriteContext = {
      ...writeRepos,
      onRollback: (h) => void undo[undo.length - 1].push(h),
      async savepoint(inner) {
        const name = `sp${++depth}`;
        client.exec(`SAVEPOINT ${name}`);
        const mark = reverse.mark();
        undo.push([() => reverse.truncate(mark)]);
        try {
          const value = await inner();
          client.exec(`RELEASE ${name}`);
          const done = undo.pop()!;
          undo[undo.length - 1].push(...done);
          return value;
        } catch (err) {
          client.exec(`ROLLBACK TO ${name}`);
          client.exec(`RELEASE ${name}`);
          for (const h of undo.pop()!.reverse()) h();
          throw err;
        } finally {
          depth -= 1;
        }
      },
    };
    const pause = connections.writerMayBegin?.();
    if (pause) await pause;
    client.exec('BEGIN IMMEDIATE');
    const mark = reverse.mark();
    undo[0].push(() => reverse.truncate(mark));
    let result: T;
    try {
      result = await fn(tx);
      client.exec('COMMIT');
    } catch (err) {
      if (client.inTransaction) client.exec('ROLLBACK');
      for (const h of undo.flat().reverse()) h();
      throw err;
    }
    reverse.afterCommit();
    if (reverse.needsMerge() && !merging) {
      // One step of the sweep a transaction, each after a turn of the event loop: queued at once,
      // the steps would follow each other as one chain of promises, holding the thread for the
      // whole sweep (0.4–0.55 s at 1M), and writes queued meanwhile go first.
      merging = true;
      setImmediate(
        () =>
          queued(() => {
            merging = false;
            return run(async () => reverse.mergeStep());
          }).catch(() => undefined), // the next commit starts it again
      );
    }
    return result;
  }

  /** Runs after every write queued before it, and before any queued after. */
  function queued<T>(fn: () => Promise<T>): Promise<T> {
    const next = tail.then(fn);
    tail = next.catch(() => undefined);
    return next;
  }

  const store: Store = {
    read,
    write(fn) {
      const since = performance.now();
      return queued(() => {
        store.onWriteWait?.((performance.now() - since) / 1000);
        return run(fn);
      });
    },
    deferIndexes: () => queued(async () => deferIndexes(client)),
    restoreIndexes: (onIndex) =>
      queued(async () => {
        const built = restoreDeferredIndexes(client, onIndex);
        // What the load stored, into the pairs by their older complaint in one sorted pass.
        const since = performance.now();
        onIndex?.('similar_pairs_by_older');
        client.transaction(() => reverse.mergeAll())();
        return [...built, { name: 'similar_pairs_by_older', ms: performance.now() - since }];
      }),
    close: () => connections.close(),
  };
  return store;
}
