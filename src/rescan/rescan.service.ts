/**
 * Rescans re-evaluate every complainant under a rule set as of an instant, one at a time, off the
 * request path: workers evaluate, this thread writes results in small transactions so intake keeps
 * its turn. Each complainant's result and its effects are written together, so a run interrupted
 * by a crash resumes where it stopped. Human decisions stand: entries are never changed; only new
 * flags are raised, by the same rule as at intake.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store, WriteContext } from '../storage/ports.js';
import type { Principal } from '../auth/permissions.js';
import { DomainError, notFound, validationFailed } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { formatOptionalTime, formatTime, parseTime } from '../shared/time.js';
import { validateRuleSet, type RuleSet } from '../detection/rule-set.js';
import type { RuleSetService } from '../detection/rules.service.js';
import { offerAssessment } from '../registry/flagging.js';
import { storeAssessment } from '../detection/persist.js';
import type { Assessment } from '../detection/types.js';
import type { Evaluation } from './evaluate.js';
import { inProcessEvaluator, workerPool, type Evaluator } from './pool.js';
import { DiffBuilder } from './diff.js';
import type { RescanRecord } from '../storage/ports.js';

export interface RescanRequest {
  dryRun?: boolean;
  /** A stored version, or a whole rule set to try (validated here). */
  ruleSet?: string | object;
  asOf?: string;
}

export interface Progress {
  rescanId: string;
  done: number;
  total: number;
}

const READ_BATCH = 250;
const WRITE_BATCH = 50;

export function rescanView(r: RescanRecord) {
  return {
    id: r.id,
    state: r.state,
    dryRun: r.dryRun,
    ruleSetVersion: r.ruleSetVersion,
    asOf: formatOptionalTime(r.asOf) ?? null,
    requestedBy: r.requestedBy,
    createdAt: formatTime(r.createdAt),
    startedAt: formatOptionalTime(r.startedAt),
    finishedAt: formatOptionalTime(r.finishedAt),
    progress: { done: r.progressDone, total: r.progressTotal },
    ...(r.state === 'done' && r.diff ? { diff: r.diff } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

export function createRescanService(deps: {
  store: Store;
  rules: RuleSetService;
  now: () => number;
  log: FastifyBaseLogger;
  dbPath: string;
  workers: number;
  onProgress?: (p: Progress) => void;
}) {
  const { store, rules, now, log } = deps;
  let running: Promise<void> | null = null;
  /** Set by close(): a running rescan stops after its current write batch and resumes at the next start. */
  let stopping = false;
  let evaluator: Evaluator | null = null;
  const evaluatorFor = (): Evaluator =>
    (evaluator ??= deps.workers > 0 && deps.dbPath !== ':memory:' ? workerPool(deps.workers, { dbPath: deps.dbPath }) : inProcessEvaluator(store.read));

  async function resolveRuleSet(value: RescanRequest['ruleSet']): Promise<RuleSet> {
    if (value === undefined) return rules.active();
    if (typeof value === 'string') return rules.get(value);
    const v = validateRuleSet(value);
    if (!v.ok) throw validationFailed(v.details.map((d) => ({ ...d, path: `/ruleSet${d.path === '/' ? '' : d.path}` })));
    return v.ruleSet;
  }

  async function rootIds(): Promise<string[]> {
    const ids: string[] = [];
    for (let after = ''; ; ) {
      const page = await store.read.identity.rootIds(after, 20_000);
      if (!page.length) return ids;
      ids.push(...page);
      after = page[page.length - 1];
    }
  }

  async function write(record: RescanRecord, evaluations: Evaluation[], done?: number): Promise<void> {
    const at = now();
    await store.write(async (tx: WriteContext) => {
      if (!record.dryRun) {
        for (const { item, assessment } of evaluations) {
          if (!assessment) throw new Error(`Rescan ${record.id}: an applied run was handed an evaluation without its assessment`);
          const seq = await storeAssessment(tx, item.complainantId, assessment, { source: 'rescan', sourceId: record.id, createdAt: at });
          // The evaluation saw the registry as of asOf; what reviewers decided since then stands
          // all the same: an entry opened, a dismissal or removal of this evidence, an allow-listing.
          if (item.outcome === 'flag')
            item.outcome = await offerAssessment(tx, {
              rootId: item.complainantId,
              assessment,
              assessmentSeq: seq,
              evidenceSeqs: () => evidenceSeqs(tx, assessment),
              now: at,
            });
        }
      }
      await tx.rescans.insertItems(
        record.id,
        evaluations.map((e) => e.item),
      );
      // The items are the checkpoint; the count is for display, so once per batch is enough.
      if (done !== undefined) await tx.rescans.update(record.id, { progressDone: done });
    });
  }

  async function execute(record: RescanRecord): Promise<void> {
    const startedAt = record.startedAt ?? now();
    const asOf = record.asOf ?? startedAt;
    const rs = record.ruleSet as RuleSet;
    const ids = await rootIds();
    const finished = await store.read.rescans.doneIds(record.id);
    const todo = ids.filter((id) => !finished.has(id));
    let done = ids.length - todo.length;
    await store.write((tx) => tx.rescans.update(record.id, { state: 'running', startedAt, asOf, progressTotal: ids.length, progressDone: done }));
    log.info({ rescanId: record.id, total: ids.length, resumedAt: done, ruleSetVersion: rs.version, dryRun: record.dryRun }, 'rescan started');

    // The diff grows as items are written; a resumed run first counts what it had written.
    const diff = new DiffBuilder();
    for (let after = ''; ; ) {
      const items = await store.read.rescans.items(record.id, after, 10_000);
      if (!items.length) break;
      items.forEach((i) => diff.add(i));
      after = items[items.length - 1].complainantId;
    }

    const evaluator = evaluatorFor();
    // An applied run writes assessments and flags too: in smaller transactions, so intake gets its turn.
    const writeBatch = record.dryRun ? READ_BATCH : WRITE_BATCH;
    let lastLog = Date.now();
    {
      const batches: string[][] = [];
      for (let i = 0; i < todo.length; i += READ_BATCH) batches.push(todo.slice(i, i + READ_BATCH));
      const inflight: Array<Promise<Evaluation[]>> = [];
      let next = 0;
      while (next < batches.length || inflight.length) {
        while (inflight.length < evaluator.parallelism && next < batches.length) inflight.push(evaluator.evaluate(batches[next++], rs, asOf, !record.dryRun));
        const evaluations = await inflight.shift()!;
        for (let i = 0; i < evaluations.length; i += writeBatch) {
          const part = evaluations.slice(i, i + writeBatch);
          done += part.length;
          // Progress goes with every write: a run stopped for shutdown shows where it stands.
          await write({ ...record, asOf }, part, done);
          for (const { item } of part) diff.add(item);
          // Let queued intake transactions in between result writes.
          await new Promise((r) => setImmediate(r));
          if (stopping) {
            // Shutting down: what is written is the checkpoint. Evaluations still under way are
            // waited for (a worker must not be stopped mid-answer) and thrown away.
            await Promise.allSettled(inflight);
            throw new RescanStopped();
          }
        }
        deps.onProgress?.({ rescanId: record.id, done, total: ids.length });
        if (Date.now() - lastLog > 5000) {
          log.info({ rescanId: record.id, done, total: ids.length }, 'rescan progress');
          lastLog = Date.now();
        }
      }
    }

    const result = diff.build({ ruleSetVersion: rs.version, asOf: formatTime(asOf), dryRun: record.dryRun });
    await store.write((tx) => tx.rescans.update(record.id, { state: 'done', finishedAt: now(), diff: result }));
    log.info({ rescanId: record.id, summary: result.summary }, 'rescan done');
    // The items were the checkpoint and the diff's source; the diff is stored, and what an applied
    // run changed is in its assessments, flags and audit records. Kept, they grew the database by a
    // row per complainant per run (~200 MB a run at 1M complaints). Deleted in steps, between intakes.
    await dropFinishedItems();
  }

  /** Items of finished rescans (this one's, and any a crash left after its run was done). */
  async function dropFinishedItems(): Promise<void> {
    while ((await store.write((tx) => tx.rescans.deleteFinishedItems(5_000))) > 0) await new Promise((r) => setImmediate(r));
  }

  /** Runs queued rescans one after another until none is left. */
  function pump(): Promise<void> {
    if (running) return running;
    running = (async () => {
      await dropFinishedItems();
      for (;;) {
        if (stopping) break;
        const [next] = [...(await store.read.rescans.inState('running')), ...(await store.read.rescans.inState('queued'))];
        if (!next) break;
        try {
          await execute(next);
        } catch (err) {
          if (err instanceof RescanStopped) {
            log.info({ rescanId: next.id }, 'rescan stopped for shutdown; it resumes at the next start');
            break;
          }
          log.error({ err, rescanId: next.id }, 'rescan failed');
          await store.write((tx) =>
            tx.rescans.update(next.id, { state: 'failed', finishedAt: now(), error: err instanceof Error ? err.message : String(err) }),
          );
        }
      }
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    async start(body: RescanRequest, requestedBy: Principal | 'system'): Promise<{ id: string }> {
      const rs = await resolveRuleSet(body.ruleSet);
      let asOf: number | null = null;
      if (body.asOf !== undefined) {
        asOf = parseTime(body.asOf);
        if (asOf === null) throw validationFailed([{ path: '/asOf', message: 'must be an RFC 3339 date-time with an offset' }]);
      }
      const id = newId('s');
      const at = now();
      const actor = requestedBy === 'system' ? 'system' : requestedBy.name;
      await store.write(async (tx) => {
        await tx.rescans.insert({
          id,
          state: 'queued',
          dryRun: body.dryRun ?? false,
          ruleSetVersion: rs.version,
          ruleSet: rs,
          asOf,
          requestedBy: actor,
          createdAt: at,
          startedAt: null,
          finishedAt: null,
          progressDone: 0,
          progressTotal: 0,
          diff: null,
          error: null,
        });
        // Dry runs change nothing but their own record; real ones are part of the audit trail.
        if (!body.dryRun)
          await tx.audit.append({
            entityType: 'rescan',
            entityId: id,
            action: 'start',
            actor,
            at,
            data: { ruleSetVersion: rs.version, asOf: formatOptionalTime(asOf) ?? null },
          });
      });
      void pump();
      return { id };
    },

    async get(id: string) {
      const record = await store.read.rescans.get(id);
      if (!record) throw notFound(`Rescan ${id}`);
      return rescanView(record);
    },

    /** Continues rescans a crash interrupted, then any queued ones. */
    resume: () => pump(),

    /** Resolves when no rescan is running (tests, shutdown). */
    idle: () => running ?? Promise.resolve(),

    async close(): Promise<void> {
      stopping = true;
      await (running ?? Promise.resolve());
      await evaluator?.close();
      evaluator = null;
    },

    async ensureNoneActive(): Promise<void> {
      if ((await store.read.rescans.inState('running')).length || (await store.read.rescans.inState('queued')).length)
        throw new DomainError('INVALID_TRANSITION', 'A rescan is already queued or running.');
    },
  };
}

export type RescanService = ReturnType<typeof createRescanService>;

class RescanStopped extends Error {}

/** Storage order of the complaints an assessment cites: what tells new evidence from decided evidence. */
async function evidenceSeqs(tx: WriteContext, assessment: Assessment): Promise<Map<string, number>> {
  const ids = new Set(assessment.findings.flatMap((f) => f.evidence.complaintIds));
  const seqOf = new Map<string, number>();
  for (const id of ids) {
    const row = await tx.complaints.findById(id);
    if (row) seqOf.set(id, row.seq);
  }
  return seqOf;
}
