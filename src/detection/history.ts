/**
 * Reads what the indicators need about one complainant as of an instant: their complaints
 * (including records a reviewer merged into them), events, verified near-duplicates and shared
 * identifiers. Only what was received or dated at or before asOf counts, whatever order it arrived in.
 */
import { DAY_MS } from '../shared/time.js';
import type { Repositories } from '../storage/store.js';
import type { ComplaintSummary } from '../intake/complaints.repository.js';
import type { ComplaintFacts } from './facts.js';
import { seeksProfit } from './indicators.js';
import { regionOf, respondentKeys } from './respondents.js';
import type { RuleSet } from './rule-set.js';
import type { AssessmentInput, HistoryComplaint, NearDuplicate, SharedIdentifier } from './types.js';
import type { ComplaintKind } from '../intake/complaint.schema.js';

export interface History {
  input: AssessmentInput;
  members: string[];
  complaints: HistoryComplaint[];
  /** Storage order of each complaint, for "stored after a decision". */
  seqOf: Map<string, number>;
  textHashes: Map<string, string>;
  externalIds: Map<string, string>;
}

export async function loadHistory(repos: Repositories, rootId: string, asOf: number, rs: RuleSet): Promise<History> {
  const members = await repos.identity.members(rootId);
  const memberSet = new Set(members);
  const summaries = await repos.complaints.history(members, asOf - rs.lookbackDays * DAY_MS, asOf);
  const keys = respondentKeys(summaries.map((s) => ({ name: s.respondentName, creditCode: s.respondentCreditCode })));
  const complaints: HistoryComplaint[] = summaries.map((s, i) => ({
    seq: s.seq,
    id: s.id,
    kind: s.kind as ComplaintKind,
    receivedAt: s.receivedAt,
    respondentKey: keys[i],
    respondentName: s.respondentName,
    region: regionOf(s.respondentRegion, s.respondentCreditCode),
    purchaseAt: s.purchaseAt,
    facts: s.facts as ComplaintFacts,
  }));
  const bySeq = new Map(complaints.map((c) => [c.seq, c]));
  const events = (await repos.complaints.eventsOf(complaints.map((c) => c.id)))
    .filter((e) => e.at <= asOf)
    .map((e) => ({ id: e.id, complaintId: e.complaintId, type: e.type, at: e.at }));

  const links = (await repos.identity.linksOf(members)).filter((l) => l.since <= asOf);
  const pairs = await repos.complaints.pairsOf(complaints.map((c) => c.seq));
  const others = new Map<number, ComplaintSummary>(
    (await repos.complaints.summariesBySeq([...new Set(pairs.map((p) => p.otherSeq))].filter((s) => !bySeq.has(s)))).map((s) => [s.seq, s]),
  );
  const records = await repos.identity.findMany([
    ...new Set([...members, ...[...others.values()].map((o) => o.complainantId), ...links.map((l) => l.otherId)]),
  ]);
  const recordById = new Map(records.map((r) => [r.id, r]));
  const root = (id: string) => recordById.get(id)?.mergedInto ?? id;
  const linkedRoots = new Set(links.map((l) => root(l.otherId)));

  const nearDuplicates: NearDuplicate[] = [];
  for (const p of pairs) {
    const own = bySeq.get(p.seq);
    if (!own) continue;
    const mine = bySeq.get(p.otherSeq);
    if (mine) {
      // Pairs inside the history are stored once; keep one direction.
      if (p.seq < p.otherSeq)
        nearDuplicates.push({
          complaintId: own.id,
          otherComplaintId: mine.id,
          similarity: p.similarity,
          sameComplainant: true,
          otherReceivedAt: mine.receivedAt,
          otherRespondentKey: mine.respondentKey,
          otherComplainantId: rootId,
          otherProfit: seeksProfit(mine.facts, rs),
          otherLinked: false,
        });
      continue;
    }
    const other = others.get(p.otherSeq);
    if (!other || other.receivedAt > asOf) continue;
    const sameComplainant = memberSet.has(other.complainantId);
    if (sameComplainant) continue; // outside the lookback: not part of this history
    nearDuplicates.push({
      complaintId: own.id,
      otherComplaintId: other.id,
      similarity: p.similarity,
      sameComplainant: false,
      otherReceivedAt: other.receivedAt,
      otherRespondentKey: `other:${other.respondentCreditCode ?? other.respondentName}`,
      otherComplainantId: root(other.complainantId),
      otherProfit: seeksProfit(other.facts as ComplaintFacts, rs),
      otherLinked: linkedRoots.has(root(other.complainantId)),
    });
  }

  const ownIdKeys = members.map((m) => recordById.get(m)).filter((r) => r?.keyType === 'id').map((r) => r!.keyHash);
  const shared = new Map<string, { via: string; masked: string; others: Set<string>; ids: Set<string> }>();
  for (const l of links) {
    const key = `${l.via}\u0000${l.hash}`;
    const entry = shared.get(key) ?? { via: l.via, masked: l.masked, others: new Set(), ids: new Set(ownIdKeys) };
    entry.others.add(root(l.otherId));
    if (l.otherKeyType === 'id') entry.ids.add(l.otherKeyHash);
    shared.set(key, entry);
  }
  const sharedIdentifiers: SharedIdentifier[] = [...shared.values()]
    .map((s) => ({ via: s.via, masked: s.masked, complainantIds: [...s.others].sort(), distinctIdNumbers: s.ids.size }))
    .sort((a, b) => a.via.localeCompare(b.via) || a.masked.localeCompare(b.masked));

  return {
    input: { asOf, complaints, events, nearDuplicates, sharedIdentifiers },
    members,
    complaints,
    seqOf: new Map(complaints.map((c) => [c.id, c.seq])),
    textHashes: new Map(summaries.map((s) => [s.id, s.textHash])),
    externalIds: new Map(summaries.map((s) => [s.id, s.externalId])),
  };
}
