/**
 * Detection quality on a labelled stream posted through the HTTP intake path, as an intake system
 * would: the real-dev stream (`../shared/data/real-dev/stream.jsonl`: `{part, person, body,
 * courtLabels?}` per line) or the synthetic generator's output (`{kind: 'complaint', body, label}`
 * lines and events). Ground truth is per person; the levels read back are those the review queue
 * shows. Used by `npm run bench:quality -- --stream <file>` and by the CI floor test.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { exactSimilarity, fingerprint } from '../../src/text/similarity-index.js';
import type { Finding } from '../../src/detection/types.js';
import type { RuleSet } from '../../src/detection/rule-set.js';
import { reviewConditions } from '../../src/detection/assess.js';

export interface CourtLabel {
  case: number;
  court: string;
  outcome: string;
}

/** One person of the stream with what is known of them and what Sieve made of them. */
export interface StreamPerson {
  key: string;
  part: string;
  /** Distinct complaints (a retry under one externalId counts once). */
  complaints: Set<string>;
  /** Should reach `review` (true), must not (false), or no expectation (undefined). */
  expectReview: boolean | undefined;
  /** What a court said of this person's cases (real-dev court plaintiffs only). */
  court: string | undefined;
  records: Set<string>;
}

interface Line {
  part?: string;
  person?: string;
  body?: { externalId: string; text: string; respondent: { name: string } };
  courtLabels?: CourtLabel[];
  kind?: string;
  externalId?: string;
  label?: { complainantKey: string; group: string; expectFlag: boolean };
}

export interface Client {
  intake(method: 'POST', url: string, payload: unknown): Promise<{ statusCode: number; json(): unknown }>;
  reviewer(url: string): Promise<{ statusCode: number; json(): any }>;
}

/** A client over `inject()`, with one token per role. */
export function injectClient(app: FastifyInstance, tokens: { intake: string; reviewer: string }): Client {
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    intake: (method, url, payload) => app.inject({ method, url, payload: payload as object, headers: auth(tokens.intake) }),
    reviewer: (url) => app.inject({ method: 'GET', url, headers: auth(tokens.reviewer) }),
  };
}

export function readStream(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`${file}:${i + 1} is not a JSON line`);
      }
    });
}

/** Repeat plaintiffs (≥ this many suits) are the ones reviewers must see. */
export const REPEAT_SUITS = 3;

/**
 * Posts the stream in file order, in batches (events, in synthetic streams, are posted as they come
 * after the batch before them), and returns the people with the records their identifiers made.
 */
export async function postStream(
  client: Client,
  lines: Line[],
  opts: { batch?: number; onProgress?: (done: number) => void; onAnswer?: (answer: Record<string, any>, person: string) => void } = {},
) {
  const people = new Map<string, StreamPerson>();
  const size = opts.batch ?? 200;
  const batch: Array<{ body: unknown; key: string }> = [];
  let done = 0;
  const flush = async () => {
    if (!batch.length) return;
    const items = batch.splice(0);
    const res = await client.intake('POST', '/v1/complaints/batch', { items: items.map((i) => i.body) });
    if (res.statusCode !== 200) throw new Error(`batch refused (${res.statusCode}): ${JSON.stringify(res.json())}`);
    const { results } = res.json() as { results: Array<{ status: string; complainantId?: string; error?: unknown }> };
    results.forEach((r, i) => {
      if (!r.complainantId) throw new Error(`item ${JSON.stringify(items[i].key)} not stored: ${JSON.stringify(r)}`);
      people.get(items[i].key)!.records.add(r.complainantId);
      opts.onAnswer?.(r, items[i].key);
    });
    done += items.length;
    opts.onProgress?.(done);
  };
  for (const line of lines) {
    if (line.kind && line.kind !== 'complaint') {
      await flush();
      const res = await client.intake('POST', `/v1/complaints/ext:${encodeURIComponent(line.externalId!)}/events`, (line as { body: unknown }).body);
      if (res.statusCode >= 300) throw new Error(`event refused (${res.statusCode}): ${JSON.stringify(res.json())}`);
      continue;
    }
    const key = line.person ?? line.label!.complainantKey;
    let person = people.get(key);
    if (!person) {
      person = {
        key,
        part: line.part ?? line.label!.group,
        complaints: new Set(),
        expectReview: line.label ? line.label.expectFlag : undefined,
        court: undefined,
        records: new Set(),
      };
      people.set(key, person);
    }
    person.complaints.add(line.body!.externalId);
    if (line.courtLabels?.length) person.court = line.courtLabels[0].court;
    batch.push({ body: line.body, key });
    if (batch.length >= size) await flush();
  }
  await flush();
  // The real stream's expectations follow its README: repeat plaintiffs should reach review, and
  // nobody else may.
  for (const p of people.values()) {
    if (p.expectReview !== undefined) continue;
    p.expectReview = p.part === 'court-plaintiff' && p.complaints.size >= REPEAT_SUITS;
  }
  return people;
}

interface Standing {
  id: string;
  level: string;
  score: number;
  findings: Finding[];
}

/** Each person's standing: the best of their records (the queue shows each record). */
async function standings(client: Client, people: Map<string, StreamPerson>) {
  const byRecord = new Map<string, { level: string; score: number; registryState: string }>();
  let cursor: string | null = null;
  do {
    const res = await client.reviewer(`/v1/complainants?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    const page = res.json() as { items: Array<{ id: string; level: string; score: number; registryState: string }>; nextCursor: string | null };
    for (const item of page.items) byRecord.set(item.id, item);
    cursor = page.nextCursor;
  } while (cursor);
  // Reaching review raises a registry flag that stays when later complaints move the level; with no
  // decisions taken, a registry entry means the person was flagged.
  const rank = (r: { level: string; registryState: string }) => (r.level === 'review' ? 3 : r.registryState !== 'none' ? 2 : r.level === 'watch' ? 1 : 0);
  const out = new Map<string, { id: string; level: string; score: number; flagged: boolean }>();
  for (const p of people.values()) {
    const best = [...p.records]
      .map((id) => ({ id, ...(byRecord.get(id) ?? { level: 'none', score: 0, registryState: 'none' }) }))
      .sort((a, b) => rank(b) - rank(a) || b.score - a.score)[0];
    out.set(p.key, { ...best, flagged: rank(best) >= 2 });
  }
  return out;
}

async function profile(client: Client, id: string): Promise<Standing> {
  const p = (await client.reviewer(`/v1/complainants/${id}`)).json();
  return { id, level: p.assessment?.level ?? 'none', score: p.assessment?.score ?? 0, findings: p.assessment?.findings ?? [] };
}

export interface GroupFigure {
  group: string;
  people: number;
  review: number;
  watch: number;
}

export interface Miss {
  person: string;
  part: string;
  complaints: number;
  court?: string;
  level: string;
  score: number;
  findings: Array<{ code: string; count: number; weight: number }>;
  /** Which conditions of the review rule failed, in words. */
  failed: string[];
}

export interface QualityReport {
  ruleSetVersion: string;
  groups: GroupFigure[];
  /** Repeat plaintiffs at review, by what their court said of them. */
  courtLabels: Array<{ court: string; people: number; review: number }>;
  expected: number;
  truePositives: number;
  falsePositives: number;
  /**
   * Same-person template reuse: pairs of one person's complaints at or above the template threshold
   * (exact), and those intake stored; complaints that repeat an earlier one of theirs, and those
   * stored with at least one such pair (what TEMPLATE_SELF reads — intake keeps the best few pairs
   * of each complaint, so a heavy reuser's pairs are not all stored).
   */
  nearDuplicates: { pairs: number; found: number; complaints: number; complaintsFound: number };
  misses: Miss[];
  /** Everyone flagged, with what flagged them: for checking that the reasons are the right ones. */
  flagged: Miss[];
}

const groupOf = (p: StreamPerson) =>
  p.part === 'court-plaintiff'
    ? p.complaints.size >= REPEAT_SUITS
      ? `court-plaintiff ≥${REPEAT_SUITS} suits`
      : `court-plaintiff 1–${REPEAT_SUITS - 1} suits`
    : p.part;

export async function qualityReport(
  app: FastifyInstance,
  client: Client,
  people: Map<string, StreamPerson>,
  lines: Line[],
  ruleSet: RuleSet,
): Promise<QualityReport> {
  const best = await standings(client, people);
  const groups = new Map<string, GroupFigure>();
  const labels = new Map<string, { court: string; people: number; review: number }>();
  const misses: Miss[] = [];
  const flagged: Miss[] = [];
  let tp = 0;
  let fp = 0;
  let expected = 0;
  for (const p of people.values()) {
    const s = best.get(p.key)!;
    const g = groups.get(groupOf(p)) ?? { group: groupOf(p), people: 0, review: 0, watch: 0 };
    groups.set(g.group, g);
    g.people += 1;
    if (s.flagged) g.review += 1;
    else if (s.level === 'watch') g.watch += 1;
    if (p.expectReview) expected += 1;
    if (p.expectReview && p.court) {
      const l = labels.get(p.court) ?? { court: p.court, people: 0, review: 0 };
      labels.set(p.court, l);
      l.people += 1;
      if (s.flagged) l.review += 1;
    }
    const right = s.flagged === p.expectReview;
    if (s.flagged && p.expectReview) tp += 1;
    else if (s.flagged) fp += 1;
    if (right && !s.flagged) continue;
    const detail = await profile(client, s.id);
    (right ? flagged : misses).push({
      person: p.key,
      part: p.part,
      complaints: p.complaints.size,
      ...(p.court ? { court: p.court } : {}),
      level: detail.level,
      score: detail.score,
      findings: detail.findings.map((f) => ({ code: f.code, count: f.evidence.count, weight: f.weight })),
      failed: describeConditions(detail, ruleSet),
    });
  }
  return {
    ruleSetVersion: ruleSet.version,
    groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    courtLabels: [...labels.values()].sort((a, b) => a.court.localeCompare(b.court)),
    expected,
    truePositives: tp,
    falsePositives: fp,
    nearDuplicates: await nearDuplicateRecall(app, lines, ruleSet.templateThreshold),
    misses,
    flagged,
  };
}

function describeConditions(s: Standing, rs: RuleSet): string[] {
  const c = reviewConditions(s.findings, rs);
  const failed: string[] = [];
  if (c.profitComplaints < rs.review.profitComplaints)
    failed.push(`profit findings on ${c.profitComplaints} complaints (rule: ≥ ${rs.review.profitComplaints} in ${rs.review.windowDays} d)`);
  if (!c.otherClass) failed.push(`no finding of another class (${rs.review.otherClasses.join(', ')})`);
  if (c.scoreNeeded !== null && s.score < c.scoreNeeded) failed.push(`score ${s.score} below ${c.scoreNeeded}`);
  if (!failed.length && s.level === 'review') failed.push('the rule holds');
  return failed;
}

/**
 * Same-person template reuse: every pair of one person's distinct complaints whose exact 3-gram
 * similarity reaches the template threshold, and how many of them the intake stored as a pair.
 */
async function nearDuplicateRecall(app: FastifyInstance, lines: Line[], threshold: number) {
  const byPerson = new Map<string, Map<string, Line>>();
  for (const l of lines) {
    if (!l.body || (l.kind && l.kind !== 'complaint')) continue;
    const key = l.person ?? l.label!.complainantKey;
    const own = byPerson.get(key) ?? new Map<string, Line>();
    own.set(l.body.externalId, l);
    byPerson.set(key, own);
  }
  const repos = app.store.read.complaints;
  let pairs = 0;
  let found = 0;
  let complaints = 0;
  let complaintsFound = 0;
  for (const own of byPerson.values()) {
    if (own.size < 2) continue;
    const items = [...own.values()];
    const rows = await Promise.all(
      items.map(async (l) => {
        const row = await repos.findByExternalId(l.body!.externalId);
        if (!row) throw new Error(`complaint ${l.body!.externalId} was not stored`);
        return row;
      }),
    );
    const stored = await repos.pairsWithin(rows.map((r) => r.seq));
    const above = stored.filter((p) => p.similarity >= threshold);
    const have = new Set(above.map((p) => `${Math.min(p.seq, p.otherSeq)}:${Math.max(p.seq, p.otherSeq)}`));
    const withPair = new Set(above.map((p) => Math.max(p.seq, p.otherSeq)));
    const fps = items.map((l) => fingerprint(l.body!.text, l.body!.respondent.name));
    for (let j = 1; j < items.length; j++) {
      let repeats = false;
      for (let i = 0; i < j; i++) {
        if (exactSimilarity(fps[i], fps[j].normalised) < threshold) continue;
        repeats = true;
        pairs += 1;
        const a = rows[i].seq;
        const b = rows[j].seq;
        if (have.has(`${Math.min(a, b)}:${Math.max(a, b)}`)) found += 1;
      }
      if (repeats) complaints += 1;
      if (repeats && withPair.has(rows[j].seq)) complaintsFound += 1;
    }
  }
  return { pairs, found, complaints, complaintsFound };
}

export function formatReport(r: QualityReport): string[] {
  const out = [`Rule set ${r.ruleSetVersion}`, '', '| group | people | flagged (reached review) | at watch |', '|---|---|---|---|'];
  for (const g of r.groups) out.push(`| ${g.group} | ${g.people} | ${g.review} | ${g.watch} |`);
  if (r.courtLabels.length) {
    out.push('', 'Repeat plaintiffs by what their court said:', '', '| court | people | at review |', '|---|---|---|');
    for (const l of r.courtLabels) out.push(`| ${l.court} | ${l.people} | ${l.review} |`);
  }
  out.push(
    '',
    `expected at review: ${r.expected}; flagged: ${r.truePositives} of them, ${r.falsePositives} others`,
    `same-person near-duplicates (exact ≥ threshold): ${r.nearDuplicates.found} of ${r.nearDuplicates.pairs} pairs stored; ` +
      `${r.nearDuplicates.complaintsFound} of ${r.nearDuplicates.complaints} complaints repeating an earlier one stored with such a pair`,
  );
  if (r.misses.length) {
    out.push('', 'Miss report (expected at review but not, or at review unexpectedly):');
    for (const m of r.misses) {
      const findings = m.findings.map((f) => `${f.code}×${f.count}(${f.weight})`).join(' ') || 'no findings';
      out.push(
        `- ${m.person} [${m.part}${m.court ? `, court: ${m.court}` : ''}] ${m.complaints} complaints → ${m.level} score ${m.score}: ${findings}; ${m.failed.join('; ')}`,
      );
    }
  }
  return out;
}
