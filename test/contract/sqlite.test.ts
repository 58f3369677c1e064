/** The store contract against the SQLite store, opened as the service opens it, on a file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/storage/open-store.js';
import { storeContract } from './store-contract.js';

storeContract(
  'sqlite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-contract-'));
    const { store, auditSeal } = openStore(loadConfig({ SIEVE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    return {
      store,
      seal: auditSeal,
      close() {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  // One writer connection whose transactions are queued; a separate reader connection on the WAL file.
  { committedReads: true, queuedWrites: true },
);
