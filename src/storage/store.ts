/**
 * The storage port the domain code uses: repositories for reads, and serialised write
 * transactions that hand the same repositories bound to the transaction. Domain code never sees
 * SQL or the driver; a PostgreSQL store implements the same interface with a pool.
 */
import type { SqliteConnections, SqliteDb } from './sqlite.js';
import { createSqliteKeyRepository, type KeyRepository } from '../auth/keys.repository.js';
import { createSqliteComplaintRepository, type ComplaintRepository } from '../intake/complaints.repository.js';
import { createSqliteIdentityRepository, type IdentityRepository } from '../identity/identity.repository.js';
import { createSqliteAssessmentRepository, type AssessmentRepository } from '../detection/assessments.repository.js';
import { createSqliteRegistryRepository, type RegistryRepository } from '../registry/registry.repository.js';
import { createSqliteAuditRepository, type AuditRepository, type AuditSeal } from '../registry/audit.repository.js';
import { createSqliteRescanRepository, type RescanRepository } from '../rescan/rescans.repository.js';

export interface Repositories {
  keys: KeyRepository;
  complaints: ComplaintRepository;
  identity: IdentityRepository;
  assessments: AssessmentRepository;
  registry: RegistryRepository;
  audit: AuditRepository;
  rescans: RescanRepository;
}

export interface WriteContext extends Repositories {
  /** Runs if the transaction (or the savepoint it was registered in) is rolled back. */
  onRollback(fn: () => void): void;
  /** Runs `fn` as a nested unit: its writes are undone if it throws, the transaction goes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Store {
  readonly read: Repositories;
  write<T>(fn: (tx: WriteContext) => Promise<T>): Promise<T>;
  close(): void;
  /** Told how long each write transaction waited for those queued before it (for /metrics). */
  onWriteWait?: (seconds: number) => void;
}

function repositories(db: SqliteDb, seal: AuditSeal | null): Repositories {
  return {
    keys: createSqliteKeyRepository(db),
    complaints: createSqliteComplaintRepository(db),
    identity: createSqliteIdentityRepository(db),
    assessments: createSqliteAssessmentRepository(db),
    registry: createSqliteRegistryRepository(db),
    audit: createSqliteAuditRepository(db, seal),
    rescans: createSqliteRescanRepository(db),
  };
}

/**
 * @param options.audit the audit key (and refusal) appends are authenticated with; a store opened
 *   without it reads the chain but cannot extend it
 */
export function createSqliteStore(connections: SqliteConnections, options: { audit?: AuditSeal } = {}): Store {
  const client = connections.writer.$client;
  const seal = options.audit ?? null;
  const writeRepos = repositories(connections.writer, seal);
  const read = connections.reader === connections.writer ? writeRepos : repositories(connections.reader, seal);
  // SQLite has one writer; queueing here keeps an awaited transaction from interleaving with another.
  let tail: Promise<unknown> = Promise.resolve();

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
        undo.push([]);
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
    client.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await fn(tx);
      client.exec('COMMIT');
    } catch (err) {
      if (client.inTransaction) client.exec('ROLLBACK');
      for (const h of undo.flat().reverse()) h();
      throw err;
    }
    return result;
  }

  const store: Store = {
    read,
    write(fn) {
      const queued = performance.now();
      const next = tail.then(() => {
        store.onWriteWait?.((performance.now() - queued) / 1000);
        return run(fn);
      });
      tail = next.catch(() => undefined);
      return next;
    },
    close: () => connections.close(),
  };
  return store;
}
