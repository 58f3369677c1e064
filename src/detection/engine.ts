/**
 * The detection side of intake: text analysis and near-duplicate search, then the assessment of
 * the complainant and its registry consequence, inside the intake transaction.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store, WriteContext } from '../storage/ports.js';
import {
  PAIRS_PER_GROUP,
  type AssessmentSource,
  type ClassifiedMatch,
  type IntakeDetection,
  type SimilarMatch,
  type SimilarRef,
} from '../intake/intake.service.js';
import type { ComplaintInput } from '../intake/complaint.validation.js';
import { formatTime } from '../shared/time.js';
import { DEFAULT_INDEX_PARAMS, UNCERTAIN_BAND, fingerprintFromBytes, SIGNATURE_SCHEME, SimilarityIndex } from '../text/similarity-index.js';
import { exactJaccard } from '../text/shingles.js';
import { ShingleCache } from '../text/shingle-cache.js';
import { OtherComplaintCache } from './other-complaints.js';
import { analyseText, type Analysis } from './analyse.js';
import { readStoredWithNewLexicons } from './facts-upgrade.js';
import { isDeepStrictEqual } from 'node:util';
import { loadHistory, type HistorySource } from './history.js';
import { ProfileStore } from './profiles.js';
import { MatchDirectory } from './match-directory.js';
import { DEFAULT_PROFILE_ITEMS } from '../config.js';
import { assess } from './assess.js';
import type { Assessment, AssessmentView } from './types.js';
import type { RuleSetService } from './rules.service.js';
import type { RuleSet } from './rule-set.js';
import { offerStored, storeAssessment, unchangedFrom } from './persist.js';

/** Pairs are stored from this similarity up, so rule sets may lower the template threshold to it. */
export const PAIR_FLOOR = 0.3;
const CLASSIFIED_MATCHES = 60;

export function assessmentView(
  a: Pick<Assessment, 'score' | 'level' | 'ruleSetVersion' | 'asOf' | 'findings'>,
  similar: AssessmentView['similar'] = [],
): AssessmentView {
  return { score: a.score, level: a.level, ruleSetVersion: a.ruleSetVersion, asOf: formatTime(a.asOf), findings: a.findings, similar };
}

/** An assessment as stored, with what the registry needs to act on it and what an answer shows. */
export interface AssessedComplainant {
  stored: Assessment;
  /** Complaint id → storage seq, for the complaints the findings rest on (made when first asked for). */
  evidenceSeqs(): Map<string, number>;
  assessmentSeq: number;
  similarRefs: SimilarRef[];
  /** The assessment as an intake answer shows it. */
  assessment: AssessmentView;
}

/**
 * Detection assesses and stores assessments; it never writes the registry. Whoever assessed offers
 * the result to the registry (registry/flagging.ts).
 */
export interface DetectionEngine extends Omit<IntakeDetection, 'assess'> {
  index: SimilarityIndex;
  /** Shingle sets of the stored texts checked exactly (text/shingle-cache.ts). */
  shingles: ShingleCache;
  /** Null when profiles are off. */
  profiles: ProfileStore | null;
  /** Where an assessment inside `tx` reads the complainant's history from: the database when profiles are off. */
  historySource(tx: WriteContext): Promise<HistorySource | undefined>;
  assess(tx: WriteContext, args: Parameters<IntakeDetection['assess']>[1]): Promise<AssessedComplainant>;
}

export async function createDetectionEngine(deps: {
  store: Store;
  rules: RuleSetService;
  log: FastifyBaseLogger;
  now: () => number;
  profiles?: { mode: 'on' | 'off' | 'verify'; items: number };
}): Promise<DetectionEngine> {
  const { store, rules, log, now } = deps;
  const mode = deps.profiles?.mode ?? 'on';
  const profiles = mode === 'off' ? null : new ProfileStore(deps.profiles?.items ?? DEFAULT_PROFILE_ITEMS);
  await rules.ensureDefault();
  await readStoredWithNewLexicons(store, log);
  const { index, directory } = await loadIndex(store, log);
  const shingles = new ShingleCache();
  const others = new OtherComplaintCache(undefined, (seq) => directory.refOf(seq));

  /** Index matches with the complainant behind each, best first: from memory (match-directory.ts). */
  async function classify(tx: WriteContext, rootId: string, matches: SimilarMatch[]): Promise<ClassifiedMatch[]> {
    if (!matches.length) return [];
    const filed = matches.map((m) => directory.get(m.seq));
    const roots = await directory.rootsOf(tx, [...new Set(filed.flatMap((f) => (f ? [f.recordId] : [])))]);
    const out: ClassifiedMatch[] = [];
    for (let i = 0; i < matches.length; i++) {
      const f = filed[i];
      if (f)
        out.push({
          seq: matches[i].seq,
          similarity: matches[i].similarity,
          complainantId: f.recordId,
          receivedAt: f.receivedAt,
          sameComplainant: roots.get(f.recordId) === rootId,
        });
    }
    return out;
  }

  /** Profiles answer the complainant's own reads, the match directory who other records' roots are. */
  async function historySource(tx: WriteContext): Promise<HistorySource | undefined> {
    if (!profiles) return undefined;
    return {
      ...(await profiles.source(tx)),
      roots: (ids: string[]) => directory.rootsOf(tx, ids),
      ids: (seqs: number[]) => others.idsOf(tx, seqs),
      profit: (seqs: number[], rs: RuleSet) => others.profitOf(tx, seqs, rs),
    };
  }

  async function assessAndStore(tx: WriteContext, rootId: string, asOf: number, source: AssessmentSource, sourceId: string) {
    const rs = await rules.active(tx);
    const reads = await historySource(tx);
    const history = await loadHistory(tx, rootId, asOf, rs, reads);
    if (mode === 'verify') {
      const direct = await loadHistory(tx, rootId, asOf, rs);
      const differ = (Object.keys(direct.input) as Array<keyof typeof direct.input>).filter((k) => !isDeepStrictEqual(direct.input[k], history.input[k]));
      if (differ.length)
        throw new Error(
          `The profile of ${rootId} as of ${formatTime(asOf)} differs from the database in ${differ.join(', ')}; run with SIEVE_PROFILES=off and report it.`,
        );
    }
    const assessment = assess(history.input, rs);
    // Saying nothing new, the assessment is not stored again: the current row answers for it (a
    // replay shows it as of its own instant), and only the record's "as of" moves on.
    const same = await unchangedFrom(tx, rootId, assessment);
    if (same !== null) {
      await offerStored(tx, rootId, same, assessment);
      return { assessment, seq: same, history };
    }
    const seq = await storeAssessment(tx, rootId, assessment, { source, sourceId, createdAt: now() });
    return { assessment, seq, history };
  }

  /** The near-duplicates an answer shows, with their ids: held, or read for these few alone. */
  async function shownSimilar(tx: WriteContext, similarRefs: SimilarRef[]): Promise<AssessmentView['similar']> {
    if (!similarRefs.length) return [];
    const refs = await others.refsOf(
      tx,
      similarRefs.map(([s]) => s),
    );
    return similarRefs.map(([s, similarity, same]) => ({
      complaintId: refs.get(s)!.id,
      externalId: refs.get(s)!.externalId,
      similarity,
      sameComplainant: same === 1,
    }));
  }

  return {
    index,
    shingles,
    profiles,
    historySource,

    analyse(input: ComplaintInput): Analysis {
      return analyseText(input, input.respondent.name);
    },

    async findSimilar(tx, analysis, rootId) {
      const { fp } = analysis as Analysis;
      const threshold = (await rules.active(tx)).templateThreshold;
      const matches = index.query(fp.signature, Math.min(PAIR_FLOOR, threshold - UNCERTAIN_BAND));
      // An estimate near the threshold could fall either side of it: settle those exactly.
      const uncertain = matches.filter((m) => Math.abs(m.similarity - threshold) < UNCERTAIN_BAND);
      const texts = await tx.complaints.normalisedTexts(shingles.missing(uncertain.map((m) => m.seq)));
      for (const m of uncertain) {
        const set = shingles.get(m.seq, texts.get(m.seq));
        if (set) m.similarity = exactJaccard(fp.shingles, set);
      }
      // The best few are enough to fill the answer's groups and the stored pairs.
      const kept = matches
        .filter((m) => m.similarity >= PAIR_FLOOR)
        .sort((a, b) => b.similarity - a.similarity || b.seq - a.seq)
        .slice(0, CLASSIFIED_MATCHES);
      return classify(tx, rootId, kept);
    },

    indexed(seq, analysis, filed) {
      index.add(seq, (analysis as Analysis).fp.signature);
      directory.add(seq, filed);
    },

    stored(tx, complaint) {
      profiles?.stored(tx, complaint);
    },

    unindexed(seq) {
      index.remove(seq);
      directory.forget(seq);
      shingles.forget(seq);
      others.forget(seq);
    },

    async storedAssessment(tx, seq, similarRefs, asOf) {
      const a = await tx.assessments.get(seq);
      if (!a) throw new Error(`Assessment ${seq} is missing`);
      return assessmentView({ ...a, asOf }, await shownSimilar(tx, similarRefs));
    },

    async assess(tx, { rootId, asOf, source, sourceId, similar }) {
      const rs = await rules.active(tx);
      const above = (similar ?? []).filter((m) => m.similarity >= rs.templateThreshold);
      const shown = [...above.filter((m) => m.sameComplainant).slice(0, PAIRS_PER_GROUP), ...above.filter((m) => !m.sameComplainant).slice(0, PAIRS_PER_GROUP)];
      const rounded = (m: ClassifiedMatch) => Math.round(m.similarity * 100) / 100;
      const { assessment, seq, history } = await assessAndStore(tx, rootId, asOf, source, sourceId);
      const similarRefs = shown.map((m): SimilarRef => [m.seq, rounded(m), m.sameComplainant ? 1 : 0]);
      return {
        stored: assessment,
        evidenceSeqs: () => history.seqOf,
        assessmentSeq: seq,
        similarRefs,
        assessment: assessmentView(assessment, await shownSimilar(tx, similarRefs)),
      };
    },
  };
}

/** Rebuilds the in-memory index, and the directory beside it, from what is stored on complaint rows. */
async function loadIndex(store: Store, log: FastifyBaseLogger): Promise<{ index: SimilarityIndex; directory: MatchDirectory }> {
  const started = Date.now();
  const total = await store.read.complaints.count();
  const scheme = await store.read.assessments.setting('signature_scheme');
  if (total > 0 && scheme && scheme !== SIGNATURE_SCHEME)
    throw new Error(
      `Stored signatures use scheme ${scheme} but this version computes ${SIGNATURE_SCHEME}; start the version of Sieve that wrote this database (no converter ships).`,
    );
  if (!scheme) await store.write((tx) => tx.assessments.setSetting('signature_scheme', SIGNATURE_SCHEME));
  const index = new SimilarityIndex(DEFAULT_INDEX_PARAMS, total);
  // Room for the complaints to come: growing copies both arrays (37 ms at 1M, on the first intake after start).
  const directory = new MatchDirectory(total + Math.max(65_536, total >> 2));
  let lastLog = Date.now();
  const progress = (what: string, loaded: number) => {
    if (Date.now() - lastLog < 5000) return;
    log.info({ loaded, total }, `loading ${what}`);
    lastLog = Date.now();
  };
  for (let after = 0; ; ) {
    const rows = await store.read.complaints.signatures(after, 20_000);
    if (!rows.length) break;
    for (const r of rows) if (r.signature) index.add(r.seq, fingerprintFromBytes(r.signature));
    after = rows[rows.length - 1].seq;
    progress('similarity index', index.size);
  }
  const indexLoaded = Date.now();
  let refs = 0;
  for (let after = 0; ; ) {
    const rows = await store.read.complaints.filedAfter(after, 20_000);
    if (!rows.length) break;
    for (const r of rows) directory.add(r.seq, r);
    after = rows[rows.length - 1].seq;
    refs += rows.length;
    progress('match directory', refs);
  }
  log.info(
    {
      documents: index.size,
      ms: Date.now() - started,
      directoryMs: Date.now() - indexLoaded,
      bytes: index.memoryBytes(),
      directoryBytes: directory.memoryBytes(),
    },
    'similarity index and match directory loaded',
  );
  return { index, directory };
}
