/**
 * What a heavy filer's near-duplicates need of other people's complaints, by seq: their ids, and
 * whether they seek profit under a rule set. Each of the filer's assessments names the same few
 * hundred again (TEMPLATE_RING's pairs); reading them took a fifth of a held profile's history.
 * An intake answer shows its best near-duplicates by id and external id, and hot templates put
 * the same few in answer after answer: those refs are held here too. The ids of every indexed
 * complaint are in the match directory (`known`), asked first; what it does not hold is read and
 * held here.
 * A complaint's id never changes, nor its facts as a lexicon read them (a new lexicon's reading is
 * added beside them at start), rule sets are never rewritten, and complaints are never deleted:
 * so what is held stays right for as long as the complaint is stored. A complaint whose intake is
 * undone (its seq is used again) is taken out here as it is taken out of the index.
 */
import { LRUCache } from 'lru-cache';
import type { Repositories } from '../storage/ports.js';
import { factsFor } from './facts.js';
import { seeksProfit } from './indicators.js';
import { lexiconOf, type RuleSet } from './rule-set.js';
import type { OtherRef } from './match-directory.js';

/** Complaints held: ~160 bytes each (the id, the external id, the flag and the maps' entries), so ~32 MB. */
export const OTHER_COMPLAINTS_HELD = 200_000;

export class OtherComplaintCache {
  private readonly refs: LRUCache<number, OtherRef>;
  /** Whether the complaint seeks profit under the rule set of that version. */
  private readonly profit: LRUCache<number, { version: string; seeks: boolean }>;

  constructor(
    max = OTHER_COMPLAINTS_HELD,
    private readonly known: (seq: number) => OtherRef | undefined = () => undefined,
  ) {
    this.refs = new LRUCache({ max });
    this.profit = new LRUCache({ max });
  }

  /** The id of each stored complaint of `seqs`: known, held, or read (and then held). */
  async idsOf(repos: Repositories, seqs: number[]): Promise<Map<number, string>> {
    const { out, missing } = this.held(seqs, (seq) => (this.known(seq) ?? this.refs.get(seq))?.id);
    for (const [seq, ref] of await this.read(repos, missing)) out.set(seq, ref.id);
    return out;
  }

  /** The ids and external ids of each stored complaint of `seqs`: known, held, or read (and then held). */
  async refsOf(repos: Repositories, seqs: number[]): Promise<Map<number, OtherRef>> {
    const { out, missing } = this.held(seqs, (seq) => this.known(seq) ?? this.refs.get(seq));
    for (const [seq, ref] of await this.read(repos, missing)) out.set(seq, ref);
    return out;
  }

  private async read(repos: Repositories, seqs: number[]): Promise<Array<[number, OtherRef]>> {
    if (!seqs.length) return [];
    return (await repos.complaints.refsBySeq(seqs)).map((r) => {
      const ref = { id: r.id, externalId: r.externalId };
      this.refs.set(r.seq, ref);
      return [r.seq, ref];
    });
  }

  /** Whether each stored complaint of `seqs` seeks profit under `rs`: held, or read from its facts. */
  async profitOf(repos: Repositories, seqs: number[], rs: RuleSet): Promise<Map<number, boolean>> {
    const { out, missing } = this.held(seqs, (seq) => {
      const held = this.profit.get(seq);
      return held?.version === rs.version ? held.seeks : undefined;
    });
    if (!missing.length) return out;
    const lexicon = lexiconOf(rs);
    for (const [seq, facts] of await repos.complaints.factsBySeq(missing)) {
      const seeks = seeksProfit(factsFor(facts, lexicon), rs);
      this.profit.set(seq, { version: rs.version, seeks });
      out.set(seq, seeks);
    }
    return out;
  }

  private held<T>(seqs: number[], get: (seq: number) => T | undefined) {
    const out = new Map<number, T>();
    const missing: number[] = [];
    for (const seq of seqs) {
      const value = get(seq);
      if (value === undefined) missing.push(seq);
      else out.set(seq, value);
    }
    return { out, missing };
  }

  forget(seq: number): void {
    this.refs.delete(seq);
    this.profit.delete(seq);
  }

  get size(): { refs: number; profit: number } {
    return { refs: this.refs.size, profit: this.profit.size };
  }
}
