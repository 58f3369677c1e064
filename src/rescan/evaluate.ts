/**
 * Re-evaluates a batch of complainants under a rule set as of an instant: their assessment and
 * what it would mean for the registry as it stood at that instant. Reads only, so it runs in a
 * worker thread on its own connection; the caller decides what to write.
 */
import type { Repositories } from '../storage/ports.js';
import type { RuleSet } from '../detection/rule-set.js';
import { loadHistories } from '../detection/history.js';
import { assess } from '../detection/assess.js';
import type { Assessment, Level } from '../detection/types.js';
import { flagDecision, type RegistryStanding } from '../registry/flagging.js';
import type { EntryRecord } from '../registry/entry.js';
import { OPEN_STATES, REGISTRY_STATES } from '../registry/state-machine.js';
import type { RescanItem } from '../storage/ports.js';

export interface Evaluation {
  item: RescanItem;
  /** Left out when nothing will store it (dry runs): it is most of what a worker sends back. */
  assessment?: Assessment;
}

/**
 * The registry for one complainant as recorded at or before `asOf`: entries created by then, in
 * the state their audit trail gives at that instant; the allow-list as it stood.
 */
async function standingAt(repos: Repositories, entries: EntryRecord[], allowListed: boolean, asOf: number): Promise<RegistryStanding> {
  let open = false;
  let closedSeq: number | null = null;
  let closedAt = -Infinity;
  for (const e of entries) {
    if (e.createdAt > asOf) continue;
    let state = e.state;
    if (e.updatedAt > asOf) {
      const trail = (await repos.audit.forEntity(e.id)).filter((r) => r.at <= asOf);
      state = (trail.at(-1)?.toState ?? e.state) as typeof state;
    }
    if (OPEN_STATES.includes(state)) open = true;
    else if (e.closedAt !== null && e.closedAt <= asOf && e.closedAt > closedAt) {
      closedAt = e.closedAt;
      closedSeq = e.closedSeq;
    }
  }
  return { open, allowListed, closedSeq };
}

export async function evaluateBatch(repos: Repositories, rootIds: string[], rs: RuleSet, asOf: number, keepAssessments = true): Promise<Evaluation[]> {
  const histories = await loadHistories(repos, rootIds, asOf, rs);
  const currents = new Map((await repos.assessments.currentCodes(rootIds)).map((a) => [a.complainantId, a]));
  const entries = new Map<string, EntryRecord[]>();
  for (const e of await repos.registry.inStates([...REGISTRY_STATES], rootIds)) {
    const list = entries.get(e.complainantId);
    if (list) list.push(e);
    else entries.set(e.complainantId, [e]);
  }
  const allowed = new Set((await repos.registry.allowedAt(rootIds, asOf, asOf)).map((a) => a.complainantId));
  const out: Evaluation[] = [];
  for (const history of histories) {
    const assessment = assess(history.input, rs);
    const before = currents.get(history.rootId);
    const outcome = flagDecision(assessment, await standingAt(repos, entries.get(history.rootId) ?? [], allowed.has(history.rootId), asOf), history.seqOf);
    const beforeLevel = (before?.level ?? 'none') as Level;
    const codes = assessment.findings.map((f) => f.code);
    const interesting = outcome === 'flag' || beforeLevel !== assessment.level;
    out.push({
      ...(keepAssessments ? { assessment } : {}),
      item: {
        complainantId: history.rootId,
        beforeLevel,
        beforeScore: before?.score ?? 0,
        afterLevel: assessment.level,
        afterScore: assessment.score,
        findings: { codes, beforeCodes: before?.codes ?? [], ...(interesting ? { full: assessment.findings } : {}) },
        outcome,
      },
    });
  }
  return out;
}
