/**
 * What a backend hands the store contract: a fresh, empty, migrated store per case, with the
 * audit seal its appends are authenticated with (the contract checks the key and flips the
 * refusal), and what the backend promises beyond the ports.
 */
import type { Test } from 'tap';
import type { AuditSeal } from '../../src/registry/audit.js';
import type { Store } from '../../src/storage/ports.js';

export interface ContractStore {
  store: Store;
  seal: AuditSeal;
  close(): Promise<void> | void;
}

export type OpenContractStore = () => Promise<ContractStore>;

export interface Capabilities {
  /** Reads through `store.read` see only committed data, never a write transaction still open. */
  committedReads: boolean;
  /**
   * Write transactions run one at a time, in one queue (SQLite's single writer). A backend that
   * runs them concurrently under isolation must still not lose updates, but may interleave them.
   */
  queuedWrites: boolean;
}

/** Opens a store for one case and closes it when the case ends. */
export type Fresh = (t: Test) => Promise<ContractStore>;

/** One group of the contract: registers its cases on `t`. */
export type ContractGroup = (t: Test, fresh: Fresh, capabilities: Capabilities) => void;

export const bySeq = <R extends { seq: number }>(rows: R[]): R[] => [...rows].sort((a, b) => a.seq - b.seq);

/** Stores rows one after another (storage order is part of what is tested) and answers each result. */
export async function inOrder<R, T>(rows: R[], store: (row: R) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const r of rows) out.push(await store(r));
  return out;
}
