/**
 * What the near-duplicate search needs to know of each indexed complaint — when it was received
 * and which complainant record filed it — held in memory beside the similarity index, so that
 * classifying up to 60 matches reads nothing from the database. At 1M stored, reading those
 * references and the matched records' roots was a quarter of an intake (docs/performance.md).
 * Its ids are held too: histories name the other people's complaints a heavy filer's template
 * matches, and answers show the best matches by id and external id; reading those by seq from the
 * database was ~6 % of a province filer's intake, in random reads of a large index.
 *
 * All of these are fixed when a complaint is stored (no path updates them), so entries never go
 * stale; they come and go with the index's own entries (loaded at start, added in the storing
 * transaction, forgotten when it is undone): 20 bytes a complaint and its ids as UTF-8 (~47 bytes
 * at 1M, no object each), and each record id once.
 *
 * Who a record's root is does change, when a reviewer merges or unmerges records, in this process
 * or another. The merged records (few: reviewers merge by hand) are therefore a cache over
 * committed rows: kept under the merge table's generation (merges made, merges undone: both only
 * grow), which is read before every use, and read again when it moved or when a transaction that
 * read them is undone.
 */
import type { ComplaintRef, WriteContext } from '../storage/ports.js';

/** In `record`: no complaint of this seq is held. */
const UNKNOWN = 0;

/** A stored complaint's ids. */
export interface OtherRef {
  id: string;
  externalId: string;
}

/** What the directory is given of a complaint when it is stored or loaded. */
export type Filed = Omit<ComplaintRef, 'seq'>;

/** Room for a complaint's ids in `refBytes` before it has to grow: ours are 22 bytes, external ids ~24. */
const REF_BYTES = 48;

export class MatchDirectory {
  /** By complaint seq. */
  private receivedAt: Float64Array;
  /** By complaint seq: 1 + ordinal of the filing record, UNKNOWN if the seq is not held. */
  private record: Int32Array;
  private readonly recordIds: string[] = [];
  private readonly ordinals = new Map<string, number>();
  /** By complaint seq: where its ids start and end in `refBytes` (a length byte, the id, the external id). */
  private refStart: Uint32Array;
  private refEnd: Uint32Array;
  private refBytes: Buffer;
  private refUsed = 0;
  /** Records merged into another → their root, as of `generation`; null: to be read. */
  private merged: Map<string, string> | null = null;
  private generation: string | null = null;

  constructor(capacity = 0) {
    const size = Math.max(1024, capacity);
    this.receivedAt = new Float64Array(size);
    this.record = new Int32Array(size);
    this.refStart = new Uint32Array(size);
    this.refEnd = new Uint32Array(size);
    // Not filled: the pages of what is not written yet take no memory.
    this.refBytes = Buffer.allocUnsafeSlow(size * REF_BYTES);
  }

  /** Records a stored complaint (its seq, ids, receipt and filing record). */
  add(seq: number, filed: Filed): void {
    if (seq >= this.record.length) {
      let size = this.record.length;
      while (seq >= size) size *= 2;
      this.receivedAt = grown(this.receivedAt, size);
      this.record = grown(this.record, size);
      this.refStart = grown(this.refStart, size);
      this.refEnd = grown(this.refEnd, size);
    }
    this.receivedAt[seq] = filed.receivedAt;
    this.record[seq] = this.ordinalOf(filed.complainantId) + 1;
    this.addRef(seq, filed.id, filed.externalId);
  }

  /** The ids of a complaint held, or undefined. */
  refOf(seq: number): OtherRef | undefined {
    if (seq >= this.record.length || this.record[seq] === UNKNOWN) return undefined;
    const start = this.refStart[seq];
    const idEnd = start + 1 + this.refBytes[start];
    return { id: this.refBytes.toString('utf8', start + 1, idEnd), externalId: this.refBytes.toString('utf8', idEnd, this.refEnd[seq]) };
  }

  private addRef(seq: number, id: string, externalId: string): void {
    // At most three bytes of UTF-8 for each UTF-16 unit; ids are short, so this rarely has to grow.
    const most = 1 + 3 * (id.length + externalId.length);
    if (this.refUsed + most > this.refBytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.refBytes.length, this.refUsed + most));
      this.refBytes.copy(bigger, 0, 0, this.refUsed);
      this.refBytes = bigger;
    }
    const start = this.refUsed;
    const idBytes = this.refBytes.write(id, start + 1, 'utf8');
    if (idBytes > 255) throw new Error(`Complaint id ${id} is longer than 255 bytes`);
    this.refBytes[start] = idBytes;
    const end = start + 1 + idBytes + this.refBytes.write(externalId, start + 1 + idBytes, 'utf8');
    this.refStart[seq] = start;
    this.refEnd[seq] = end;
    this.refUsed = end;
  }

  /** Forgets a complaint whose storing transaction was undone (its seq will be used again). */
  forget(seq: number): void {
    if (seq < this.record.length) this.record[seq] = UNKNOWN;
  }

  /** Who filed a complaint held, and when, or undefined. */
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
    // of heap for 299,440 ids of 18 characters, measured). Complaint ids: the bytes written.
    return this.receivedAt.byteLength + this.record.byteLength + this.refStart.byteLength + this.refEnd.byteLength + this.refUsed + this.recordIds.length * 125;
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

function grown<T extends Float64Array | Int32Array | Uint32Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
