/**
 * What reviewers read about complainants: the queue, the profile, a complaint, and the person's
 * own file. Everything shown comes from stored assessments and records — never recomputed on read.
 */
import { readPage } from '../shared/cursor.js';
import { redactFreeText } from '../identity/free-text.js';
import type { Store } from '../storage/ports.js';
import { notFound } from '../shared/errors.js';
import { formatOptionalTime, formatTime } from '../shared/time.js';
import { toYuan } from '../shared/money.js';
import type { StoredAssessment } from '../storage/ports.js';
import type { Finding } from '../detection/types.js';
import { eventView } from '../intake/intake.service.js';
import { entryView } from '../registry/entry.view.js';
import type { ComplainantRecord } from '../storage/ports.js';
import type { ComplaintSummary } from '../storage/ports.js';
import { compareText } from '../shared/ids.js';
import { personSummaries } from '../identity/person-summary.js';
import { factsView } from '../detection/facts.js';
import type { LexiconVersion } from '../detection/lexicon.js';

const PROFILE_COMPLAINTS = 500;

export function assessmentOut(a: StoredAssessment | undefined) {
  if (!a) return null;
  return {
    score: a.score,
    level: a.level,
    ruleSetVersion: a.ruleSetVersion,
    asOf: formatTime(a.asOf),
    source: a.source,
    findings: a.findings,
    counts: a.counts,
  };
}

/** Evidence as the person may see it: nothing that points at another complainant. */
export function ownFindings(findings: Finding[]): Finding[] {
  return findings.map((f) => ({
    ...f,
    evidence: {
      ...f.evidence,
      ...(f.evidence.similarity
        ? {
            similarity: f.evidence.similarity.map((p) =>
              p.sameComplainant ? p : { complaintId: p.complaintId, otherComplaintId: '', similarity: p.similarity, sameComplainant: false },
            ),
          }
        : {}),
      ...(f.evidence.identifiers ? { identifiers: f.evidence.identifiers.map((i) => ({ ...i, complainantIds: [] })) } : {}),
    },
  }));
}

/**
 * `lexicon` names the lexicon the active rule set reads with: the facts shown are the ones its
 * findings were computed from.
 */
export function createComplainantReader(deps: { store: Store; now: () => number; lexicon: () => Promise<LexiconVersion> }) {
  const { store, now } = deps;
  const repos = store.read;

  async function complaintsOf(memberIds: string[], limit: number) {
    const rows = await repos.complaints.timeline(memberIds);
    return { total: rows.length, items: await describe(rows.slice(0, limit)) };
  }

  async function describe(shown: ComplaintSummary[]) {
    const events = await repos.complaints.eventsOf(shown.map((c) => c.id));
    const full = new Map((await repos.complaints.texts(shown.map((c) => c.seq))).map((t) => [t.seq, t.text]));
    const lexicon = await deps.lexicon();
    return shown.map((c) => ({
      id: c.id,
      externalId: c.externalId,
      complainantRecordId: c.complainantId,
      kind: c.kind,
      receivedAt: formatTime(c.receivedAt),
      respondent: { name: c.respondentName, creditCode: c.respondentCreditCode ?? undefined, region: c.respondentRegion ?? undefined },
      purchase: {
        at: formatOptionalTime(c.purchaseAt),
        amount: c.purchaseAmount === null ? undefined : toYuan(c.purchaseAmount),
        quantity: c.purchaseQuantity ?? undefined,
        product: c.purchaseProduct ?? undefined,
        orderIds: c.purchaseOrderIds ?? undefined,
      },
      claim: { amount: c.claimAmount === null ? undefined : toYuan(c.claimAmount), punitive: c.claimPunitive ?? undefined },
      text: full.get(c.seq) ?? '',
      facts: factsView(c.facts, lexicon),
      events: events.filter((e) => e.complaintId === c.id).map(eventView),
    }));
  }

  async function load(id: string): Promise<ComplainantRecord> {
    const record = await repos.identity.findById(id);
    if (!record) throw notFound(`Complainant ${id}`);
    return record;
  }

  async function identifiersOf(members: string[]) {
    return (await repos.identity.identifiersOf(members))
      .map((i) => ({ type: i.type, masked: i.masked }))
      .filter((i, k, all) => all.findIndex((j) => j.type === i.type && j.masked === i.masked) === k)
      .sort((a, b) => compareText(a.type, b.type) || compareText(a.masked, b.masked));
  }

  return {
    /**
     * The queue by score (the contract's order, keyset-paged), or with `work` in the order work is
     * done (open work first, ties by profit complaints then the oldest flag; paged by position).
     * `levels`: any of these levels.
     */
    async queue(q: { levels?: readonly string[]; state?: string; limit: number; after?: { score: number; id: string }; work?: { offset: number } }) {
      const { rows: page, next } = q.work
        ? await readPage(
            q.limit,
            (limit) => repos.identity.workQueue({ levels: q.levels, registryState: q.state, offset: q.work!.offset, limit }),
            () => ({ offset: q.work!.offset + q.limit }),
          )
        : await readPage<ComplainantRecord, { score: number; id: string } | { offset: number }>(
            q.limit,
            (limit) => repos.identity.queue({ levels: q.levels, registryState: q.state, after: q.after, limit }),
            (last) => ({ score: last.score, id: last.id }),
          );
      const people = await personSummaries(
        repos,
        page.map((r) => r.id),
      );
      const assessments = new Map((await repos.assessments.bySeqs(page.map((r) => r.assessmentSeq!))).map((a) => [a.seq, a]));
      const items = page.map((r) => {
        const a = assessments.get(r.assessmentSeq!);
        return {
          id: r.id,
          score: r.score,
          level: r.level,
          registryState: r.registryState,
          counts: a?.counts ?? { d30: 0, d365: 0 },
          asOf: formatOptionalTime(r.assessedAsOf),
          ruleSetVersion: a?.ruleSetVersion,
          findings: (a?.findings ?? []).map((f) => f.code),
          profitComplaints: r.profitCount,
          person: people.get(r.id),
        };
      });
      return { items, next };
    },

    async profile(id: string) {
      const record = await load(id);
      const rootId = record.mergedInto ?? record.id;
      const members = record.mergedInto ? [record.id] : await repos.identity.members(record.id);
      const links = await repos.identity.linksOf(members);
      const current = record.assessmentSeq ? await repos.assessments.get(record.assessmentSeq) : undefined;
      const complaints = await complaintsOf(members, PROFILE_COMPLAINTS);
      const entries = await repos.registry.forComplainant(rootId);
      const allow = (await repos.registry.allowlist({})).filter((a) => a.complainantId === rootId);
      return {
        id: record.id,
        name: record.name ?? undefined,
        createdAt: formatTime(record.createdAt),
        mergedInto: record.mergedInto ?? undefined,
        mergedRecords: record.mergedInto ? undefined : members.filter((m) => m !== record.id),
        identifiers: await identifiersOf(members),
        links: links
          .map((l) => ({ complainantId: l.otherId, via: l.via, masked: l.masked, since: formatTime(l.since) }))
          .sort((a, b) => compareText(a.complainantId, b.complainantId) || compareText(a.via, b.via)),
        registryState: record.registryState,
        counts: current?.counts ?? { d30: 0, d365: 0 },
        assessment: assessmentOut(current),
        complaints: complaints.items,
        complaintsTotal: complaints.total,
        entries: entries.map((e) => entryView(e, { now: now(), withEvidence: false })),
        allowlist: allow.map((a) => ({
          id: a.id,
          reason: redactFreeText(a.reason),
          expiresAt: formatTime(a.expiresAt),
          createdBy: a.createdBy,
          createdAt: formatTime(a.createdAt),
          revokedAt: formatOptionalTime(a.revokedAt),
        })),
      };
    },

    /** The person's own file: their complaints, findings, notices and decisions — no one else's. */
    async ownFile(id: string) {
      const record = await load(id);
      const rootId = record.mergedInto ?? record.id;
      const members = await repos.identity.members(rootId);
      const current = record.assessmentSeq ? await repos.assessments.get(record.assessmentSeq) : undefined;
      const entries = await repos.registry.forComplainant(rootId);
      const complaints = await complaintsOf(members, Number.MAX_SAFE_INTEGER);
      return {
        complainant: { id: rootId, name: record.name ?? undefined, identifiers: await identifiersOf(members) },
        complaints: complaints.items.map(({ complainantRecordId: _r, ...c }) => c),
        assessment: current ? { ...assessmentOut(current)!, findings: ownFindings(current.findings) } : null,
        entries: await Promise.all(
          entries.map(async (e) => ({
            ...entryView(e, { now: now(), history: await repos.audit.forEntity(e.id), withEvidence: false }),
            findings: e.evidence ? ownFindings(e.evidence.findings) : undefined,
            notice: e.noticeHtml ?? undefined,
          })),
        ),
      };
    },

    async complaint(id: string) {
      const row = await repos.complaints.findById(id);
      if (!row) throw notFound(`Complaint ${id}`);
      const record = await repos.identity.findById(row.complainantId);
      const [detail] = await describe(await repos.complaints.summariesBySeq([row.seq]));
      const pairs = await repos.complaints.pairsOf([row.seq]);
      const others = new Map((await repos.complaints.summariesBySeq(pairs.map((p) => p.otherSeq))).map((s) => [s.seq, s]));
      return {
        ...detail,
        complainantId: record?.mergedInto ?? row.complainantId,
        similar: pairs
          .flatMap((p) => {
            const other = others.get(p.otherSeq);
            return other ? [{ complaintId: other.id, similarity: Math.round(p.similarity * 100) / 100 }] : [];
          })
          .sort((a, b) => b.similarity - a.similarity),
      };
    },
  };
}

export type ComplainantReader = ReturnType<typeof createComplainantReader>;
