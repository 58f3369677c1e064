/**
 * Heavy filers are assessed again at every complaint, over hundreds of earlier ones. Complaint rows
 * never change and are stored in `seq` order, so the rows read for one complainant are kept here
 * and only newer rows are read at the next intake. Bounded by a total row budget (least recently
 * used complainants go first). Used by intake and events only — rescans and evidence bundles read
 * the database directly.
 */
import type { Repositories } from '../storage/ports.js';
import type { DetectionRow } from '../storage/ports.js';

interface Entry {
  /** Rows received after this instant are all held (older ones were never read or were dropped). */
  from: number;
  maxSeq: number;
  rows: DetectionRow[];
}

const byReceived = (a: DetectionRow, b: DetectionRow) => a.receivedAt - b.receivedAt || a.seq - b.seq;

export class HistoryRowCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  // Measured at 449k stored (docs/performance.md): 200k rows held ~0.9 GB of parsed rows while
  // thousands of active heavy filers still did not fit; 50k keeps memory bounded for the bureau's
  // most active filers and costs a re-read for the rest.
  constructor(private readonly budget = 50_000) {}

  /** Keyed by the set of records counted together (a reviewer's merge makes another set). */
  static key(members: string[]): string {
    return [...members].sort().join('\u0000');
  }

  /** The rows of these records received in (from, to], oldest first. */
  async rows(repos: Repositories, members: string[], from: number, to: number): Promise<DetectionRow[]> {
    const key = HistoryRowCache.key(members);
    let entry = this.entries.get(key);
    if (entry && from < entry.from) {
      // An earlier window than the one held (complaints replayed out of order): read afresh.
      this.drop(key);
      entry = undefined;
    }
    if (!entry) {
      const rows = await repos.complaints.history(members, from, Number.MAX_SAFE_INTEGER);
      entry = { from, maxSeq: rows.reduce((m, r) => Math.max(m, r.seq), 0), rows };
      this.total += rows.length;
    } else {
      const fresh = (await repos.complaints.historySince(members, entry.maxSeq)).filter((r) => r.receivedAt > entry!.from);
      if (fresh.length) {
        entry.rows = [...entry.rows, ...fresh].sort(byReceived);
        entry.maxSeq = fresh.reduce((m, r) => Math.max(m, r.seq), entry.maxSeq);
        this.total += fresh.length;
      }
      // The window has moved on: forget what no later window will need.
      if (from > entry.from && entry.rows.length && entry.rows[0].receivedAt <= from) {
        const keep = entry.rows.filter((r) => r.receivedAt > from);
        this.total -= entry.rows.length - keep.length;
        entry.rows = keep;
        entry.from = from;
      }
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    for (const [k] of this.entries) {
      if (this.total <= this.budget || k === key) break;
      this.drop(k);
    }
    return entry.rows.filter((r) => r.receivedAt > from && r.receivedAt <= to);
  }

  /** Forgets what was read inside a transaction that was then undone. */
  forget(members: string[]): void {
    this.drop(HistoryRowCache.key(members));
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total -= entry.rows.length;
    this.entries.delete(key);
  }
}
