/**
 * What the near-duplicate search needs to know of each indexed complaint — when it was received
 * and which complainant record filed it — held in memory beside the similarity index, so that
 * classifying up to 60 matches reads nothing from the database. At 1M stored, reading those
 * references and the matched records' roots was a quarter of an intake (docs/performance.md).
 *
 * Both facts are fixed when a complaint is stored (no path updates them), so entries never go
 * stale; they come and go with the index's own entries (loaded at start, added in the storing
 * transaction, forgotten when it is undone): 12 bytes a complaint, and each record id once.
 *
 * Who a record's root is does change, when a reviewer merges or unmerges records, in this process
 * or another. The merged records (few: reviewers merge by hand) are therefore a cache over
 * committed rows: kept under the merge table's generation (merges made, merges undone: both only
 * grow), which is read before every use, and read again when it moved or when a transaction that
 * read them is undone.
 */
import type { WriteContext } from '../storage/ports.js';

/** In `record`: no complaint of this seq is held. */
const UNKNOWN = 0;

export class MatchDirectory {
  /** By complaint seq. */
  private receivedAt: Float64Array;
  /** By complaint seq: 1 + ordinal of the filing record, UNKNOWN if the seq is not held. */
  private record: Int32Array;
  private readonly recordIds: string[] = [];
  private readonly ordinals = new Map<string, number>();
  /** Records merged into another → their root, as of `generation`; null: to be read. */
  private merged: Map<string, string> | null = null;
  private generation: string | null = null;

  constructor(capacity = 0) {
    const size = Math.max(1024, capacity);
    this.receivedAt = new Float64Array(size);
    this.record = new Int32Array(size);
  }

  /** Records a stored complaint (its seq, receipt and filing record). */
  add(seq: number, receivedAt: number, recordId: string): void {
    if (seq >= this.record.length) {
      let size = this.record.length;
      while (seq >= size) size *= 2;
      this.receivedAt = grown(this.receivedAt, size);
      this.record = grown(this.record, size);
    }
    this.receivedAt[seq] = receivedAt;
    this.record[seq] = this.ordinalOf(recordId) + 1;
  }

  /** Forgets a complaint whose storing transaction was undone (its seq will be used again). */
  forget(seq: number): void {
    if (seq < this.record.length) this.record[seq] = UNKNOWN;
  }

  get(seq: number): { receivedAt: number; recordId: string } | undefined {
    const r = seq < this.record.length ? this.record[seq] : UNKNOWN;
    return r === UNKNOWN ? undefined : { receivedAt: this.receivedAt[seq], recordId: this.recordIds[r - 1] };
  }

  /**
   * The root of each record, as `tx` sees them. Every record is its own root unless a reviewer
   * merged it: those few are held, and read again whenever a merge was made or undone since.
   */
  async rootsOf(tx: WriteContext, recordIds: string[]): Promise<Map<string, string>> {
    const generation = await tx.registry.mergeGeneration();
    if (generation !== this.generation || !this.merged) {
      this.merged = new Map((await tx.identity.mergedRecords()).map((r) => [r.id, r.root]));
      this.generation = generation;
      // Read inside a transaction that may be undone (a merge made in it): not to be trusted after.
      tx.onRollback(() => {
        this.merged = null;
      });
    }
    const merged = this.merged;
    return new Map(recordIds.map((id) => [id, merged.get(id) ?? id]));
  }

  memoryBytes(): number {
    // Each distinct record id is held once, as a string, a map entry and a slot: ~125 bytes (37 MB
    // of heap for 299,440 ids of 18 characters, measured).
    return this.receivedAt.byteLength + this.record.byteLength + this.recordIds.length * 125;
  }

  private ordinalOf(recordId: string): number {
    let ord = this.ordinals.get(recordId);
    if (ord === undefined) {
      ord = this.recordIds.length;
      this.recordIds.push(recordId);
      this.ordinals.set(recordId, ord);
    }
    return ord;
  }
}

function grown<T extends Float64Array | Int32Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
