/**
 * The registry's due process as one pure function: given an entry, a request and the clock, either
 * the state change to store or the refusal to return. Loading the entry (404), ENTRY_OPEN,
 * freezing evidence and writing the audit log belong to the caller.
 *
 * Refusals are checked in the contract's order (api.md "Errors"):
 *   request shape → FORBIDDEN (role) → INVALID_TRANSITION (state, deadline, renewal window, expiry)
 *   → NO_NEW_EVIDENCE → VALIDATION_FAILED (measures widened) → FOUR_EYES.
 * Widening is a 400 but needs the entry, so it cannot run with the shape checks; it runs last of
 * the entry checks before FOUR_EYES, which the contract puts at the very end.
 */
import type { ErrorDetail } from '../shared/errors.js';
import { addCalendarMonths, DAY_MS, deadlinePassed, formatShanghai, shanghaiDateOf, sunsetReviewDue, type Calendar, type Coverage } from './calendar.js';

/**
 * Every registry state and whether an entry in it is still open (domain.md, "Registry"): the one
 * definition every list of states, open or closed, is derived from.
 */
const STATE_IS_OPEN = {
  flagged: true,
  under_review: true,
  proposed: true,
  notified: true,
  listed: true,
  dismissed: false,
  removed: false,
} as const;
export type RegistryState = keyof typeof STATE_IS_OPEN;
export const REGISTRY_STATES = Object.keys(STATE_IS_OPEN) as RegistryState[];
export const OPEN_STATES: readonly RegistryState[] = REGISTRY_STATES.filter((s) => STATE_IS_OPEN[s]);
export const CLOSED_STATES: readonly RegistryState[] = REGISTRY_STATES.filter((s) => !STATE_IS_OPEN[s]);

export const REGISTRY_ACTIONS = ['claim', 'dismiss', 'propose', 'reject', 'approve_notice', 'record_defence', 'decide', 'remove', 'renew', 'expire'] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

/** Ordered from mildest to strongest; stored measures keep this order. */
export const MEASURES = ['priority_identity_check', 'consumer_relationship_check', 'merged_handling'] as const;
export type Measure = (typeof MEASURES)[number];
export const DEFAULT_MEASURES: readonly Measure[] = ['priority_identity_check'];

export type Role = 'reviewer' | 'supervisor' | 'admin' | 'intake' | 'system';
export interface Actor {
  name: string;
  role: Role;
}

export type Decision = 'list' | 'drop';

export interface EntrySnapshot {
  state: RegistryState;
  proposedBy?: string;
  approvedBy?: string;
  /** Last millisecond of the defence window (23:59:59.999+08:00); see `Calendar.defenceDeadline`. */
  deadline?: number;
  /** When the latest defence was recorded. */
  defenceRecordedAt?: number;
  listedAt?: number;
  expiresAt?: number;
  measures: Measure[];
}

export interface ActionRequest {
  action: RegistryAction;
  actor: Actor;
  reason: string;
  decision?: Decision;
  defence?: string;
  measures?: Measure[];
  /**
   * Set by the caller, not the client: whether evidence stored after the current bundle exists
   * and was documented for this renewal.
   */
  hasNewEvidence?: boolean;
}

export interface TransitionContext {
  now: number;
  calendar: Calendar;
  defenceWorkingDays: number;
  termMonths: number;
  renewWindowDays: number;
  /**
   * Where the defence window starts: at approval (the contract's rule), or at the recorded
   * service of the notice (a bureau's choice), in which case approval sets no deadline yet.
   */
  defenceFrom?: 'approval' | 'service';
}

export type AuditAction = Exclude<RegistryAction, 'decide'> | 'decide:list' | 'decide:drop';

export interface TransitionOk {
  ok: true;
  from: RegistryState;
  to: RegistryState;
  /** Fields to set on the entry, `state` included; fields not named stay as they are. */
  patch: Partial<EntrySnapshot>;
  auditAction: AuditAction;
  /** propose and renew fix a (new) evidence bundle; the caller builds and stores it. */
  freezeEvidence: boolean;
  /** record_defence: the text to append to the entry's defences (earlier ones are kept). */
  defence?: string;
  /**
   * decide: a defence was recorded, so the request's reason is the answer to it and must be
   * stored as such.
   */
  answersDefence?: boolean;
  /**
   * approve_notice: how trustworthy the holiday data behind the deadline is; anything but
   * `official` deserves a warning on the notice and to the operator.
   */
  deadlineCoverage?: Coverage;
}

export type RefusalCode = 'FORBIDDEN' | 'INVALID_TRANSITION' | 'FOUR_EYES' | 'NO_NEW_EVIDENCE' | 'VALIDATION_FAILED';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  /** One item per problem for VALIDATION_FAILED, empty otherwise. */
  details: ErrorDetail[];
}

export type TransitionResult = TransitionOk | Refusal;

const HUMAN_REVIEW: readonly Role[] = ['reviewer', 'supervisor'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

/** domain.md's transition table; `decide` leads to `listed` or `dismissed` by its decision. */
const RULES: Record<RegistryAction, { from: readonly RegistryState[]; roles: readonly Role[] }> = {
  claim: { from: ['flagged'], roles: HUMAN_REVIEW },
  dismiss: { from: ['flagged', 'under_review'], roles: HUMAN_REVIEW },
  propose: { from: ['under_review'], roles: HUMAN_REVIEW },
  reject: { from: ['proposed'], roles: SUPERVISOR },
  approve_notice: { from: ['proposed'], roles: SUPERVISOR },
  record_defence: { from: ['notified'], roles: HUMAN_REVIEW },
  decide: { from: ['notified'], roles: SUPERVISOR },
  remove: { from: ['listed'], roles: SUPERVISOR },
  renew: { from: ['listed'], roles: SUPERVISOR },
  expire: { from: ['listed'], roles: ['system'] },
};

const MEASURE_ACTIONS: readonly RegistryAction[] = ['propose', 'decide', 'renew'];
const REASON_MAX = 2000;

const refuse = (code: RefusalCode, message: string, details: ErrorDetail[] = []): Refusal => ({
  ok: false,
  code,
  message,
  details,
});

const codePoints = (s: string) => [...s].length;

function checkText(value: unknown, path: string, max: number | undefined, details: ErrorDetail[]): void {
  if (typeof value !== 'string' || value.trim() === '') {
    details.push({ path, message: 'is required and must not be blank' });
  } else if (max !== undefined && codePoints(value) > max) {
    details.push({ path, message: `must be at most ${max} characters` });
  }
}

function checkMeasures(value: unknown, details: ErrorDetail[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    details.push({ path: '/measures', message: 'must be a non-empty array of measures' });
    return;
  }
  value.forEach((m, i) => {
    if (!(MEASURES as readonly unknown[]).includes(m)) {
      details.push({ path: `/measures/${i}`, message: `must be one of ${MEASURES.join(', ')}` });
    } else if (value.indexOf(m) !== i) {
      details.push({ path: `/measures/${i}`, message: `repeats ${String(m)}` });
    }
  });
}

function canonical(measures: readonly Measure[]): Measure[] {
  return MEASURES.filter((m) => measures.includes(m));
}

/** Shape problems that need no entry: the contract answers them (400) before anything else. */
function shapeProblems(request: ActionRequest): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const { action } = request;
  if (!(REGISTRY_ACTIONS as readonly unknown[]).includes(action)) {
    details.push({ path: '/action', message: `must be one of ${REGISTRY_ACTIONS.join(', ')}` });
  }
  checkText(request.reason, '/reason', REASON_MAX, details);

  if (action === 'decide') {
    if (request.decision !== 'list' && request.decision !== 'drop') {
      details.push({ path: '/decision', message: 'is required with decide and must be "list" or "drop"' });
    }
  } else if (request.decision !== undefined) {
    details.push({ path: '/decision', message: 'is accepted only with decide' });
  }

  if (action === 'record_defence') checkText(request.defence, '/defence', undefined, details);
  else if (request.defence !== undefined) details.push({ path: '/defence', message: 'is accepted only with record_defence' });

  if (request.measures !== undefined) {
    if (MEASURE_ACTIONS.includes(action)) checkMeasures(request.measures, details);
    else details.push({ path: '/measures', message: 'is accepted only with propose, decide and renew' });
  }
  return details;
}

/**
 * Why an action cannot be taken now, as a code and its parameters (times as epoch ms): the
 * console and other clients render them in their own words (see `availableActions`).
 */
export type UnavailableCode = 'ROLE' | 'STATE' | 'DEADLINE_NOT_REACHED' | 'NOT_SERVED' | 'RENEW_NOT_YET' | 'EXPIRED' | 'NO_EXPIRY' | 'FOUR_EYES';
export interface Unavailable {
  code: UnavailableCode;
  params: Record<string, string | number | string[]>;
}

/** Timing rules of the table that refuse as a state conflict (api.md: 409 INVALID_TRANSITION). */
function timingConflict(
  entry: EntrySnapshot,
  request: Pick<ActionRequest, 'action' | 'decision'>,
  ctx: TransitionContext,
): (Unavailable & { message: string }) | null {
  const { now } = ctx;
  switch (request.action) {
    case 'decide': {
      if (request.decision !== 'list' || entry.defenceRecordedAt !== undefined) return null;
      if (entry.deadline !== undefined && deadlinePassed(entry.deadline, now)) return null;
      if (entry.deadline === undefined && ctx.defenceFrom === 'service')
        return {
          code: 'NOT_SERVED',
          params: {},
          message:
            'decide: list needs a recorded defence or a passed defence deadline (the notice’s service is not recorded yet, and the defence window starts with it).',
        };
      const until = entry.deadline === undefined ? 'no deadline is set' : `the deadline is ${formatShanghai(entry.deadline)}`;
      return {
        code: 'DEADLINE_NOT_REACHED',
        params: entry.deadline === undefined ? {} : { deadline: entry.deadline },
        message: `decide: list needs a recorded defence or a passed defence deadline (${until}).`,
      };
    }
    case 'renew':
      if (entry.expiresAt === undefined) return { code: 'NO_EXPIRY', params: {}, message: 'This listing has no expiry date to renew.' };
      if (now >= entry.expiresAt) {
        return {
          code: 'EXPIRED',
          params: { expiresAt: entry.expiresAt },
          message: `This listing expired at ${formatShanghai(entry.expiresAt)}; it can no longer be renewed.`,
        };
      }
      if (!sunsetReviewDue(entry.expiresAt, now, ctx.renewWindowDays)) {
        const opens = entry.expiresAt - ctx.renewWindowDays * DAY_MS;
        return {
          code: 'RENEW_NOT_YET',
          params: { opensAt: opens, days: ctx.renewWindowDays },
          message: `Renewal opens ${ctx.renewWindowDays} days before expiry, at ${formatShanghai(opens)}.`,
        };
      }
      return null;
    case 'expire':
      if (entry.expiresAt === undefined) return { code: 'NO_EXPIRY', params: {}, message: 'This listing has no expiry date.' };
      if (now < entry.expiresAt) {
        return {
          code: 'RENEW_NOT_YET',
          params: { expiresAt: entry.expiresAt },
          message: `This listing does not expire before ${formatShanghai(entry.expiresAt)}.`,
        };
      }
      return null;
    default:
      return null;
  }
}

/**
 * The measures a listing or renewal ends up with: the requested ones, which may only narrow the
 * ones in force (a decision must never be harsher than the notice, whatever the defence said).
 */
function resultingMeasures(entry: EntrySnapshot, requested: Measure[] | undefined): Measure[] | Refusal {
  if (requested === undefined) return canonical(entry.measures);
  const wider = requested.filter((m) => !entry.measures.includes(m));
  if (wider.length > 0) {
    return refuse(
      'VALIDATION_FAILED',
      'A decision may narrow the measures in force, never widen them.',
      wider.map((m) => ({ path: `/measures/${requested.indexOf(m)}`, message: `${m} is not among the measures in force` })),
    );
  }
  return canonical(requested);
}

/**
 * The checks that need no entry — shape (400), then role (403 FORBIDDEN) — so the caller can run
 * them before looking the entry up (404), as the contract orders them.
 */
export function checkRequest(request: ActionRequest): Refusal | null {
  const problems = shapeProblems(request);
  if (problems.length > 0) return refuse('VALIDATION_FAILED', 'The request is not valid: see details.', problems);
  if (!RULES[request.action].roles.includes(request.actor.role)) {
    return refuse('FORBIDDEN', `The role ${request.actor.role} may not ${request.action}.`);
  }
  return null;
}

export function transition(entry: EntrySnapshot, request: ActionRequest, ctx: TransitionContext): TransitionResult {
  const early = checkRequest(request);
  if (early) return early;

  const { action, actor } = request;
  const rule = RULES[action];

  const label = action === 'decide' ? `decide: ${request.decision}` : action;
  if (!rule.from.includes(entry.state)) {
    return refuse('INVALID_TRANSITION', `${label} is not possible on an entry in state ${entry.state}.`);
  }
  const conflict = timingConflict(entry, request, ctx);
  if (conflict !== null) return refuse('INVALID_TRANSITION', conflict.message);

  if (action === 'renew' && request.hasNewEvidence !== true) {
    return refuse('NO_NEW_EVIDENCE', 'A renewal needs new, separately documented evidence.');
  }

  let measures = entry.measures;
  if (action === 'renew' || (action === 'decide' && request.decision === 'list')) {
    const narrowed = resultingMeasures(entry, request.measures);
    if (!Array.isArray(narrowed)) return narrowed;
    measures = narrowed;
  }

  if ((action === 'approve_notice' || action === 'decide') && entry.proposedBy === actor.name) {
    return refuse('FOUR_EYES', `${actor.name} proposed this listing and so may not ${label} it.`);
  }

  const { now } = ctx;
  const ok = (to: RegistryState, extra: Partial<EntrySnapshot> = {}, more: Partial<TransitionOk> = {}): TransitionOk => ({
    ok: true,
    from: entry.state,
    to,
    patch: { state: to, ...extra },
    auditAction: action === 'decide' ? `decide:${request.decision as Decision}` : action,
    freezeEvidence: false,
    ...more,
  });

  switch (action) {
    case 'claim':
      return ok('under_review');
    case 'dismiss':
    case 'reject':
      return ok('dismissed');
    case 'propose':
      return ok('proposed', { proposedBy: actor.name, measures: canonical(request.measures ?? DEFAULT_MEASURES) }, { freezeEvidence: true });
    case 'approve_notice': {
      if (ctx.defenceFrom === 'service') return ok('notified', { approvedBy: actor.name });
      const deadline = ctx.calendar.defenceDeadline(now, ctx.defenceWorkingDays);
      return ok(
        'notified',
        { approvedBy: actor.name, deadline },
        { deadlineCoverage: ctx.calendar.coverageBetween(shanghaiDateOf(now), shanghaiDateOf(deadline)) },
      );
    }
    case 'record_defence':
      return ok('notified', { defenceRecordedAt: now }, { defence: request.defence });
    case 'decide': {
      const answersDefence = entry.defenceRecordedAt !== undefined;
      if (request.decision === 'drop') return ok('dismissed', {}, { answersDefence });
      return ok('listed', { listedAt: now, expiresAt: addCalendarMonths(now, ctx.termMonths), measures }, { answersDefence });
    }
    case 'renew':
      return ok('listed', { listedAt: now, expiresAt: addCalendarMonths(now, ctx.termMonths), measures }, { freezeEvidence: true });
    case 'remove':
    case 'expire':
      return ok('removed');
  }
}

export interface ActionAvailability {
  action: Exclude<RegistryAction, 'expire'>;
  /** `decide` is offered once per decision, since only `list` waits for the deadline. */
  decision?: Decision;
  available: boolean;
  /** Why not, when not available. */
  unavailable?: Unavailable;
}

/**
 * What this person may do with the entry now, and why not the rest: the same table, timing rules
 * and four-eyes rule as `transition`, asked without a request. Evidence for a renewal and the
 * measures of a decision are checked only when one is submitted.
 */
export function availableActions(entry: EntrySnapshot, actor: Actor, ctx: TransitionContext): ActionAvailability[] {
  const out: ActionAvailability[] = [];
  for (const action of REGISTRY_ACTIONS) {
    if (action === 'expire') continue;
    const rule = RULES[action];
    for (const decision of action === 'decide' ? (['list', 'drop'] as const) : [undefined]) {
      const item: ActionAvailability = { action, ...(decision ? { decision } : {}), available: false };
      const conflict = timingConflict(entry, { action, decision }, ctx);
      if (!rule.from.includes(entry.state)) item.unavailable = { code: 'STATE', params: { state: entry.state, from: [...rule.from] } };
      else if (!rule.roles.includes(actor.role)) item.unavailable = { code: 'ROLE', params: { role: actor.role, roles: [...rule.roles] } };
      else if (conflict) item.unavailable = { code: conflict.code, params: conflict.params };
      else if ((action === 'approve_notice' || action === 'decide') && entry.proposedBy === actor.name)
        item.unavailable = { code: 'FOUR_EYES', params: { proposedBy: actor.name } };
      else item.available = true;
      out.push(item);
    }
  }
  return out;
}

export type CreationKind = 'flag' | 'manual_proposal';

export interface CreateRequest {
  kind: CreationKind;
  actor: Actor;
  reason: string;
  measures?: Measure[];
}

export interface CreateOk {
  ok: true;
  entry: EntrySnapshot;
  auditAction: CreationKind;
  /** A manual proposal freezes the person's complaints and current findings at once. */
  freezeEvidence: boolean;
}

export type CreateResult = CreateOk | Refusal;

/**
 * A new entry: the system's automatic flag, or a reviewer's manual proposal, which skips review
 * and starts in `proposed` with its author as proposer (so four eyes applies to it).
 * ENTRY_OPEN and 404 are the caller's.
 */
export function create(request: CreateRequest): CreateResult {
  const details: ErrorDetail[] = [];
  if (request.kind !== 'flag' && request.kind !== 'manual_proposal') {
    details.push({ path: '/kind', message: 'must be flag or manual_proposal' });
  }
  checkText(request.reason, '/reason', REASON_MAX, details);
  if (request.measures !== undefined) {
    if (request.kind === 'manual_proposal') checkMeasures(request.measures, details);
    else details.push({ path: '/measures', message: 'is accepted only with a manual proposal' });
  }
  if (details.length > 0) return refuse('VALIDATION_FAILED', 'The request is not valid: see details.', details);

  const { actor } = request;
  if (request.kind === 'flag') {
    // Flags come only from an assessment: no person may put someone on the path by hand except
    // through a reasoned manual proposal.
    if (actor.role !== 'system') return refuse('FORBIDDEN', 'Only the system raises automatic flags.');
    return { ok: true, entry: { state: 'flagged', measures: [] }, auditAction: 'flag', freezeEvidence: false };
  }
  if (!HUMAN_REVIEW.includes(actor.role)) {
    return refuse('FORBIDDEN', `The role ${actor.role} may not make a manual proposal.`);
  }
  return {
    ok: true,
    entry: {
      state: 'proposed',
      proposedBy: actor.name,
      measures: canonical(request.measures ?? DEFAULT_MEASURES),
    },
    auditAction: 'manual_proposal',
    freezeEvidence: true,
  };
}
