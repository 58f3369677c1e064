import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SqliteDb } from './connection.js';
import { inList, list, rowReader } from './sql-helpers.js';
import { assessments, complainants, ruleSets, settings } from './schema.js';
import type { Finding, Level } from '../../detection/types.js';
import type { AssessmentRepository, StoredAssessment } from '../ports.js';

const packFindings = (findings: Finding[]) => deflateRawSync(JSON.stringify(findings), { level: 3 });
const unpack = (row: typeof assessments.$inferSelect | undefined): StoredAssessment | undefined =>
  row && ({ ...row, findings: JSON.parse(inflateRawSync(row.findings).toString('utf8')) } as StoredAssessment);

export function createSqliteAssessmentRepository(db: SqliteDb): AssessmentRepository {
  const insert = db
    .insert(assessments)
    .values({
      complainantId: sql.placeholder('complainantId'),
      asOf: sql.placeholder('asOf'),
      ruleSetVersion: sql.placeholder('ruleSetVersion'),
      score: sql.placeholder('score'),
      level: sql.placeholder('level'),
      findings: sql.placeholder('findings'),
      counts: sql.placeholder('counts'),
      source: sql.placeholder('source'),
      sourceId: sql.placeholder('sourceId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning({ seq: assessments.seq })
    .prepare();
  const one = db
    .select()
    .from(assessments)
    .where(eq(assessments.seq, sql.placeholder('seq')))
    .prepare();
  const head = db
    .select({ ruleSetVersion: assessments.ruleSetVersion, counts: assessments.counts })
    .from(assessments)
    .where(eq(assessments.seq, sql.placeholder('seq')))
    .prepare();
  const several = db.select().from(assessments).where(inList(assessments.seq, 'seqs')).prepare();
  // Level and score are kept on the complainant's record with the codes; records last assessed
  // before the codes were kept there read them from the assessment itself.
  const currentColumns = {
    complainantId: complainants.id,
    level: complainants.level,
    score: complainants.score,
    codes: complainants.assessmentCodes,
    findings: assessments.findings,
  };
  const readCurrent = rowReader<{ complainantId: string; level: Level; score: number; codes: string[] | null; findings: Buffer | null }>(currentColumns);
  const currents = db
    .select(currentColumns)
    .from(complainants)
    .leftJoin(assessments, and(isNull(complainants.assessmentCodes), eq(assessments.seq, complainants.assessmentSeq)))
    .where(and(inList(complainants.id, 'ids'), isNotNull(complainants.assessmentSeq)))
    .prepare();
  const active = db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder('k')))
    .prepare();
  return {
    async insert(a) {
      return insert.get({ ...a, findings: packFindings(a.findings) })!.seq;
    },
    async get(seq) {
      return unpack(one.get({ seq }));
    },
    async headOf(seq) {
      return head.get({ seq }) as Pick<StoredAssessment, 'ruleSetVersion' | 'counts'> | undefined;
    },
    async bySeqs(seqs) {
      if (!seqs.length) return [];
      return several.all({ seqs: list(seqs) }).map((r) => unpack(r)!);
    },
    async currentCodes(ids) {
      if (!ids.length) return [];
      return readCurrent(currents, { ids: list(ids) }).map(({ findings, codes, ...r }) => ({
        ...r,
        codes: codes ?? (JSON.parse(inflateRawSync(findings!).toString('utf8')) as Finding[]).map((f) => f.code),
      }));
    },
    async currentFor(complainantId) {
      return unpack(
        db.select().from(assessments).where(eq(assessments.complainantId, complainantId)).orderBy(desc(assessments.asOf), desc(assessments.seq)).limit(1).get(),
      );
    },
    async ruleSet(version) {
      return db.select().from(ruleSets).where(eq(ruleSets.version, version)).get();
    },
    async ruleSets() {
      return db.select().from(ruleSets).orderBy(asc(ruleSets.createdAt), asc(ruleSets.version)).all();
    },
    async insertRuleSet(rs) {
      return db.insert(ruleSets).values(rs).onConflictDoNothing().run().changes > 0;
    },
    async setting(key) {
      return active.get({ k: key })?.value;
    },
    async setSetting(key, value) {
      db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    },
  };
}
