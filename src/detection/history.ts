/**
 * Reads what the indicators need about complainants as of an instant: their complaints
 * (including records a reviewer merged into them), events, verified near-duplicates and shared
 * identifiers. Only what was received or dated at or before asOf counts, whatever order it
 * arrived in. Works on a batch, so a rescan reads thousands of complainants in a few queries.
 */
import { DAY_MS } from '../shared/time.js';
import type { Repositories } from '../storage/ports.js';
import type { DetectionRow, EventRecord, PairRecord, RingCandidate } from '../storage/ports.js';
import type { ComplaintKind } from '../intake/complaint.schema.js';
import type { ComplainantRecord, IdentityLink } from '../storage/ports.js';
import { factsFor, factsView, type ComplaintFacts } from './facts.js';
import { seeksProfit } from './indicators.js';
import { regionOf, respondentKeys } from './respondents.js';
import { lexiconOf, type RuleSet } from './rule-set.js';
import type { LexiconVersion } from './lexicon.js';
import type { AssessmentInput, HistoryComplaint, HistoryEvent, NearDuplicate, SharedIdentifier } from './types.js';
import { compareText } from '../shared/ids.js';
import { pairSet } from '../shared/pair-set.js';

export interface History {
  rootId: string;
  input: AssessmentInput;
  members: string[];
  complaints: HistoryComplaint[];
  /** Storage order of each complaint, for "stored after a decision". */
  readonly seqOf: Map<string, number>;
  /** For evidence bundles: only a history read from the database has them (profiles do not hold them). */
  readonly textHashes: Map<string, string>;
  readonly externalIds: Map<string, string>;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Where the complainant's own reads come from — complaint rows, events, stored pairs touching their
 * complaints: the database, or the complainant profiles in front of it (detection/profiles.ts).
 * Both answer alike, so an assessment never depends on which was asked.
 */
export interface HistorySource {
  /** As `ComplaintRepository.history`: rows received in (from, to], oldest first, with their facts as `lexicon` reads them. */
  rows(members: string[], from: number, to: number, lexicon: LexiconVersion): Promise<SourceRow[]>;
  /** As `ComplaintRepository.eventsOfComplainants`: events dated at or before `to`, by date. */
  events(members: string[], to: number): Promise<SourceEvent[]>;
  /** As `ComplaintRepository.ringCandidates`, in any order (the history puts them in pair order). */
  ring(seqs: number[], excluded: number[], min: number, from: number, to: number): Promise<RingCandidate[]>;
  /** As `IdentityRepository.rootsOf` (read from it when not given). */
  roots?(recordIds: string[]): Promise<Map<string, string>>;
  /** The ids of stored complaints by seq, as `ComplaintRepository.refsBySeq` (read from it when not given). */
  ids?(seqs: number[]): Promise<Map<number, string>>;
  /** Whether stored complaints seek profit under `rs`, by seq, from their facts (read when not given). */
  profit?(seqs: number[], rs: RuleSet): Promise<Map<number, boolean>>;
}

/**
 * A complaint row as detection reads it: its stored facts resolved for one lexicon. A row held in a
 * profile walks its own near-duplicate links without building the list (`eachMatch`), and does not
 * hold what only evidence bundles read (its external id and text hash), which they read from the
 * database.
 */
export type SourceRow = Omit<DetectionRow, 'facts' | 'externalId' | 'textHash'> & {
  facts: ComplaintFacts;
  readonly externalId?: string;
  readonly textHash?: string;
  eachMatch?(fn: (seq: number, similarity: number) => void): void;
  /** `respondentForm` and `regionOf` of the row, when it holds them (a row held in a profile). */
  readonly respondentForm?: string;
  readonly regionForm?: string | null;
};

/** What detection reads of an event. */
export type SourceEvent = Pick<EventRecord, 'seq' | 'id' | 'complaintId' | 'type' | 'at'>;

export function databaseSource(repos: Repositories): HistorySource {
  return {
    rows: async (members, from, to, lexicon) => {
      const rows = await repos.complaints.history(members, from, to);
      // Rows read for this call alone: their facts are replaced rather than copied.
      for (const r of rows) r.facts = factsView(r.facts, lexicon);
      return rows as SourceRow[];
    },
    events: (members, to) => repos.complaints.eventsOfComplainants(members, to),
    ring: (seqs, excluded, min, from, to) => repos.complaints.ringCandidates(seqs, excluded, min, from, to),
  };
}

export async function loadHistory(repos: Repositories, rootId: string, asOf: number, rs: RuleSet, source?: HistorySource): Promise<History> {
  return (await loadHistories(repos, [rootId], asOf, rs, source))[0];
}

/**
 * The histories of a batch of complainants: a fixed sequence of batched reads (one or two queries
 * each, in this order), then each root's history assembled from what they read.
 */
export async function loadHistories(
  repos: Repositories,
  rootIds: string[],
  asOf: number,
  rs: RuleSet,
  source: HistorySource = databaseSource(repos),
): Promise<History[]> {
  const batch: Batch = { repos, source, rootIds, asOf, rs, lexicon: lexiconOf(rs) };
  const members = await readMembers(batch);
  const own = await readComplaints(batch, members);
  const events = await readEvents(batch, members);
  const links = await readLinks(batch, members);
  const pairs = await readNearDuplicates(batch, members, own);
  const records = await readRecords(batch, members, links.links, pairs.ring);
  const others = await readOtherComplaints(batch, own, pairs.ring);
  const read: Read = { ...members, ...own, events, ...links, ...pairs, ...records, ...others };
  return rootIds.map((rootId) => assembleHistory(batch, rootId, read));
}

/** What one batch is read for. */
interface Batch {
  repos: Repositories;
  source: HistorySource;
  rootIds: string[];
  asOf: number;
  rs: RuleSet;
  lexicon: LexiconVersion;
}

/** Each root's records: the root itself and those a reviewer merged into it. */
interface Members {
  rootOfMember: Map<string, string>;
  allMembers: string[];
  membersByRoot: Map<string, string[]>;
}

/** The batch's own complaints inside the lookback: rows, and as detection reads them, by root and by storage order. */
interface OwnComplaints {
  summaries: SourceRow[];
  summariesByRoot: Map<string, SourceRow[]>;
  complaintsByRoot: Map<string, HistoryComplaint[]>;
  /** Each own complaint, its root, and its place in the root's list. */
  bySeq: Map<number, OwnComplaint>;
}

interface OwnComplaint {
  root: string;
  complaint: HistoryComplaint;
  index: number;
}

/** Everything the batch read, for assembling each root's history. */
interface Read extends Members, OwnComplaints {
  events: Map<string, SourceEvent[]>;
  linksByRoot: Map<string, IdentityLink[]>;
  /** Stored pairs across a root's merged records (its own pairs within a record are on their rows). */
  acrossByRoot: Map<string, PairRecord[]>;
  ringByRoot: Map<string, RingCandidate[]>;
  records: Map<string, ComplainantRecord>;
  rootOf: (id: string) => string;
  otherIds: Map<number, string>;
  ringProfit: Map<number, boolean>;
}

/** The records merged into each root. */
async function readMembers({ repos, rootIds }: Batch): Promise<Members> {
  const rootOfMember = new Map<string, string>(rootIds.map((r) => [r, r]));
  for (const m of await repos.identity.mergedInto(rootIds)) rootOfMember.set(m.id, m.root);
  const allMembers = [...rootOfMember.keys()];
  return { rootOfMember, allMembers, membersByRoot: groupBy(allMembers, (m) => rootOfMember.get(m)!) };
}

/** The complaint rows of all members inside the lookback, read into history complaints per root. */
async function readComplaints({ source, rootIds, asOf, rs, lexicon }: Batch, { rootOfMember, allMembers }: Members): Promise<OwnComplaints> {
  const summaries = await source.rows(allMembers, asOf - rs.lookbackDays * DAY_MS, asOf, lexicon);
  const summariesByRoot = groupBy(summaries, (s) => rootOfMember.get(s.complainantId)!);
  const complaintsByRoot = new Map<string, HistoryComplaint[]>();
  const bySeq = new Map<number, OwnComplaint>();
  for (const root of rootIds) {
    const own = summariesByRoot.get(root) ?? [];
    const keys = respondentKeys(own.map((s) => ({ name: s.respondentName, creditCode: s.respondentCreditCode, form: s.respondentForm })));
    const list = own.map(
      (s, i): HistoryComplaint => ({
        seq: s.seq,
        id: s.id,
        kind: s.kind as ComplaintKind,
        receivedAt: s.receivedAt,
        respondentKey: keys[i],
        respondentName: s.respondentName,
        region: s.regionForm !== undefined ? s.regionForm : regionOf(s.respondentRegion, s.respondentCreditCode),
        purchaseAt: s.purchaseAt,
        facts: s.facts,
      }),
    );
    complaintsByRoot.set(root, list);
    list.forEach((complaint, index) => bySeq.set(complaint.seq, { root, complaint, index }));
  }
  return { summaries, summariesByRoot, complaintsByRoot, bySeq };
}

/** Read by complainant, one range each; only those of complaints inside the lookback are used. */
async function readEvents({ source, asOf }: Batch, { allMembers }: Members): Promise<Map<string, SourceEvent[]>> {
  return groupBy(await source.events(allMembers, asOf), (e) => e.complaintId);
}

/** Identity links in force at asOf, to records of someone else. */
async function readLinks({ repos, asOf }: Batch, { rootOfMember, allMembers }: Members) {
  const links = (await repos.identity.linksOf(allMembers)).filter(
    (l) => l.since <= asOf && rootOfMember.get(l.complainantId) !== (rootOfMember.get(l.otherId) ?? l.otherId),
  );
  return { links, linksByRoot: groupBy(links, (l) => rootOfMember.get(l.complainantId)!) };
}

/** Stored near-duplicate pairs: among a complainant's own complaints, and with other people's (TEMPLATE_RING). */
async function readNearDuplicates({ repos, source, asOf, rs }: Batch, { rootOfMember }: Members, { bySeq }: OwnComplaints) {
  // TEMPLATE_SELF reads each complaint's own earlier matches, stored on its row at intake; only a
  // complainant with merged records also needs the stored pairs across those records. Pairs with
  // other people's complaints matter inside TEMPLATE_RING's window, so only recent ones look outward.
  const ownSeqs = [...bySeq.keys()];
  const ringFrom = asOf - rs.indicators.TEMPLATE_RING.windowDays * DAY_MS;
  const recentSeqs = [...bySeq.values()].filter((v) => v.complaint.receivedAt > ringFrom).map((v) => v.complaint.seq);
  const mergedRoots = new Set([...rootOfMember].filter(([member, root]) => member !== root).map(([, root]) => root));
  const acrossRecords = mergedRoots.size
    ? await repos.complaints.pairsWithin([...bySeq.values()].filter((v) => mergedRoots.has(v.root)).map((v) => v.complaint.seq))
    : [];
  const ring = (await source.ring(recentSeqs, ownSeqs, rs.templateThreshold, ringFrom, asOf)).sort(pairOrder);
  return {
    ring,
    acrossByRoot: groupBy(acrossRecords, (p) => bySeq.get(p.seq)!.root),
    ringByRoot: groupBy(ring, (p) => bySeq.get(p.seq)!.root),
  };
}

/**
 * Ring candidates in one order whatever read them: pairs where ours is the later complaint first,
 * then by our complaint and theirs (ties in the indicators' sorts keep this order).
 */
function pairOrder(a: RingCandidate, b: RingCandidate): number {
  return Number(a.seq < a.otherSeq) - Number(b.seq < b.otherSeq) || a.seq - b.seq || a.otherSeq - b.otherSeq;
}

/** Complainant records, and who is whose root: the batch's own, those linked and those behind ring matches. */
async function readRecords({ repos, source }: Batch, { rootOfMember, allMembers }: Members, links: IdentityLink[], ring: RingCandidate[]) {
  // Full records only where their key matters (own ones, and links for SHARED_IDENTITY).
  const records = new Map((await repos.identity.findMany([...new Set([...allMembers, ...links.map((l) => l.otherId)])])).map((r) => [r.id, r]));
  const others = [...new Set(ring.map((r) => r.otherComplainant))];
  const ringRoots = await (source.roots ? source.roots(others) : repos.identity.rootsOf(others));
  const rootOf = (id: string) => rootOfMember.get(id) ?? records.get(id)?.mergedInto ?? ringRoots.get(id) ?? id;
  return { records, rootOf };
}

/** The ids of all complaints a pair names, and whether other people's complaints seek profit where it matters. */
async function readOtherComplaints({ repos, source, rs, lexicon }: Batch, { bySeq }: OwnComplaints, ring: RingCandidate[]) {
  const seqs = [...new Set(ring.map((r) => r.otherSeq))];
  const otherIds = source.ids ? await source.ids(seqs) : new Map((await repos.complaints.refsBySeq(seqs)).map((r) => [r.seq, r.id]));
  for (const v of bySeq.values()) otherIds.set(v.complaint.seq, v.complaint.id);
  // Another person's facts matter only for a match of a complaint that does not seek profit itself.
  const profitSeqs = [...new Set(ring.filter((r) => !seeksProfit(bySeq.get(r.seq)!.complaint.facts, rs)).map((r) => r.otherSeq))];
  const ringProfit = source.profit
    ? await source.profit(profitSeqs, rs)
    : new Map([...(await repos.complaints.factsBySeq(profitSeqs))].map(([seq, facts]) => [seq, seeksProfit(factsFor(facts, lexicon), rs)]));
  return { otherIds, ringProfit };
}

/** One root's history and assessment input, from what the batch read. */
function assembleHistory(batch: Batch, rootId: string, read: Read): History {
  const complaints = read.complaintsByRoot.get(rootId)!;
  const rootLinks = read.linksByRoot.get(rootId) ?? [];
  const nearDuplicates = nearDuplicatesOf(batch, rootId, rootLinks, read);
  const members = read.membersByRoot.get(rootId)!;
  const ownEvents: HistoryEvent[] = [];
  for (const c of complaints) for (const e of read.events.get(c.id) ?? []) ownEvents.push({ id: e.id, complaintId: e.complaintId, type: e.type, at: e.at });
  const own = read.summariesByRoot.get(rootId) ?? [];
  // Asked for by evidence bundles and flag decisions only, not by each intake's assessment.
  const seqOf = once(() => new Map(complaints.map((c) => [c.id, c.seq])));
  const textHashes = once(() => new Map(own.map((s) => [s.id, evidenceOf(s, 'textHash')])));
  const externalIds = once(() => new Map(own.map((s) => [s.id, evidenceOf(s, 'externalId')])));
  return {
    rootId,
    input: { asOf: batch.asOf, complaints, events: ownEvents, nearDuplicates, sharedIdentifiers: shared(rootLinks, members, read.records, read.rootOf) },
    members,
    complaints,
    get seqOf() {
      return seqOf();
    },
    get textHashes() {
      return textHashes();
    },
    get externalIds() {
      return externalIds();
    },
  };
}

/** What only an evidence bundle reads of a row, which only rows read from the database have. */
function evidenceOf(row: SourceRow, field: 'textHash' | 'externalId'): string {
  const value = row[field];
  if (value === undefined) throw new Error(`Complaint ${row.id}: its ${field} is not held in profiles; read an evidence bundle's history from the database.`);
  return value;
}

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** A stored row's earlier near-duplicates among its complainant's own complaints, as stored on it. */
function eachSelfMatch(row: SourceRow, fn: (seq: number, similarity: number) => void): void {
  if (row.eachMatch) row.eachMatch(fn);
  else for (const m of row.selfMatches) fn(m.seq, m.similarity);
}

/**
 * One root's near-duplicates: pairs of its own complaints (each once: those on its rows, then those
 * across its merged records), and matches with other people's.
 */
function nearDuplicatesOf({ asOf, rs }: Batch, rootId: string, rootLinks: IdentityLink[], read: Read): NearDuplicate[] {
  const { bySeq, acrossByRoot, ringByRoot, otherIds, ringProfit, rootOf } = read;
  const linkedRoots = new Set(rootLinks.map((l) => rootOf(l.otherId)));
  const nearDuplicates: NearDuplicate[] = [];
  // A pair of the root's own complaints by their places in its list (a number, not a text, per pair).
  const ownCount = read.complaintsByRoot.get(rootId)!.length;
  const seenPairs = pairSet(ownCount);
  const other = (own: HistoryComplaint, otherSeq: number, receivedAt: number, otherRoot: string, similarity: number, profit: () => boolean) => {
    if (receivedAt > asOf || otherRoot === rootId) return; // not yet received, or their own beyond the lookback
    nearDuplicates.push({
      complaintId: own.id,
      otherComplaintId: otherIds.get(otherSeq)!,
      similarity,
      sameComplainant: false,
      otherReceivedAt: receivedAt,
      otherComplainantId: otherRoot,
      // Only consulted when the own complaint does not seek profit itself: parsed only then.
      otherProfit: !seeksProfit(own.facts, rs) && profit(),
      otherLinked: linkedRoots.has(otherRoot),
    });
  };
  const ownPair = (ours: OwnComplaint, otherSeq: number, similarity: number) => {
    const mine = bySeq.get(otherSeq);
    if (!mine) return; // beyond the lookback
    if (mine.root !== rootId) {
      // Own pairs inside one batch but across complainants are also other people's near-duplicates.
      other(ours.complaint, otherSeq, mine.complaint.receivedAt, mine.root, similarity, () => seeksProfit(mine.complaint.facts, rs));
      return;
    }
    const key = ours.index < mine.index ? ours.index * ownCount + mine.index : mine.index * ownCount + ours.index;
    if (!seenPairs.add(key)) return;
    nearDuplicates.push({
      complaintId: ours.complaint.id,
      otherComplaintId: mine.complaint.id,
      similarity,
      sameComplainant: true,
      otherReceivedAt: mine.complaint.receivedAt,
      otherComplainantId: rootId,
      otherProfit: seeksProfit(mine.complaint.facts, rs),
      otherLinked: false,
    });
  };
  for (const row of read.summariesByRoot.get(rootId) ?? []) {
    const ours = bySeq.get(row.seq)!;
    eachSelfMatch(row, (otherSeq, similarity) => ownPair(ours, otherSeq, similarity));
  }
  for (const p of acrossByRoot.get(rootId) ?? []) ownPair(bySeq.get(p.seq)!, p.otherSeq, p.similarity);
  for (const r of ringByRoot.get(rootId) ?? []) {
    other(bySeq.get(r.seq)!.complaint, r.otherSeq, r.otherReceivedAt, rootOf(r.otherComplainant), r.similarity, () => ringProfit.get(r.otherSeq)!);
  }
  return nearDuplicates;
}

/** Identifiers this complainant shares, with how many distinct ID numbers use each. */
function shared(
  links: IdentityLink[],
  members: string[],
  records: Map<string, { keyType: string; keyHash: string }>,
  rootOf: (id: string) => string,
): SharedIdentifier[] {
  const ownIdKeys = members
    .map((m) => records.get(m))
    .filter((r) => r?.keyType === 'id')
    .map((r) => r!.keyHash);
  const byIdentifier = new Map<string, { via: string; masked: string; others: Set<string>; ids: Set<string> }>();
  for (const l of links) {
    const key = `${l.via}\u0000${l.hash}`;
    const entry = byIdentifier.get(key) ?? { via: l.via, masked: l.masked, others: new Set(), ids: new Set(ownIdKeys) };
    entry.others.add(rootOf(l.otherId));
    if (l.otherKeyType === 'id') entry.ids.add(l.otherKeyHash);
    byIdentifier.set(key, entry);
  }
  return [...byIdentifier.values()]
    .map((s) => ({ via: s.via, masked: s.masked, complainantIds: [...s.others].sort(), distinctIdNumbers: s.ids.size }))
    .sort((a, b) => compareText(a.via, b.via) || compareText(a.masked, b.masked));
}
