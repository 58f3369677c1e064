/**
 * The ids of other people's complaints that a heavy filer's near-duplicates name, by seq. Each of
 * their assessments names the same few hundred again (TEMPLATE_RING's pairs); reading them took a
 * fifth of a held profile's history. A complaint's id never changes and complaints are never
 * deleted, so an id stays right for as long as its complaint is stored; a complaint whose intake is
 * undone (its seq is used again) is taken out here as it is taken out of the index.
 */
import { LRUCache } from 'lru-cache';
import type { Repositories } from '../storage/ports.js';

/** Ids held: ~70 bytes each (the id and the map's entry), so ~14 MB. */
export const COMPLAINT_ID_CACHE = 200_000;

export class ComplaintIdCache {
  private readonly ids: LRUCache<number, string>;

  constructor(max = COMPLAINT_ID_CACHE) {
    this.ids = new LRUCache({ max });
  }

  /** The id of each stored complaint of `seqs`: held, or read (and then held). */
  async of(repos: Repositories, seqs: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const missing: number[] = [];
    for (const seq of seqs) {
      const id = this.ids.get(seq);
      if (id === undefined) missing.push(seq);
      else out.set(seq, id);
    }
    for (const r of missing.length ? await repos.complaints.refsBySeq(missing) : []) {
      this.ids.set(r.seq, r.id);
      out.set(r.seq, r.id);
    }
    return out;
  }

  forget(seq: number): void {
    this.ids.delete(seq);
  }

  get size(): number {
    return this.ids.size;
  }
}
