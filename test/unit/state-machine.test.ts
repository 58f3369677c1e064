import t from 'tap';
import { addCalendarMonths, loadCalendar } from '../../src/registry/calendar.js';
import {
  create,
  REGISTRY_ACTIONS,
  REGISTRY_STATES,
  transition,
  type ActionRequest,
  type Actor,
  type EntrySnapshot,
  type Measure,
  type RegistryAction,
  type RegistryState,
  type Role,
  type TransitionContext,
  type TransitionResult,
} from '../../src/registry/state-machine.js';

/**
 * domain.md's binding table, written down once. Every (state, action) pair not in it must be
 * INVALID_TRANSITION; the roles per action are the permission matrix.
 */
const SPEC: Array<{ from: RegistryState; action: RegistryAction; decision?: 'list' | 'drop'; to: RegistryState }> = [
  { from: 'flagged', action: 'claim', to: 'under_review' },
  { from: 'flagged', action: 'dismiss', to: 'dismissed' },
  { from: 'under_review', action: 'dismiss', to: 'dismissed' },
  { from: 'under_review', action: 'propose', to: 'proposed' },
  { from: 'proposed', action: 'reject', to: 'dismissed' },
  { from: 'proposed', action: 'approve_notice', to: 'notified' },
  { from: 'notified', action: 'record_defence', to: 'notified' },
  { from: 'notified', action: 'decide', decision: 'list', to: 'listed' },
  { from: 'notified', action: 'decide', decision: 'drop', to: 'dismissed' },
  { from: 'listed', action: 'renew', to: 'listed' },
  { from: 'listed', action: 'remove', to: 'removed' },
  { from: 'listed', action: 'expire', to: 'removed' },
];
const WHO: Record<RegistryAction, Role[]> = {
  claim: ['reviewer', 'supervisor'],
  dismiss: ['reviewer', 'supervisor'],
  propose: ['reviewer', 'supervisor'],
  record_defence: ['reviewer', 'supervisor'],
  reject: ['supervisor'],
  approve_notice: ['supervisor'],
  decide: ['supervisor'],
  remove: ['supervisor'],
  renew: ['supervisor'],
  expire: ['system'],
};
const ROLES: Role[] = ['reviewer', 'supervisor', 'admin', 'intake', 'system'];

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T10:00:00+08:00');
const calendar = loadCalendar();
const ctx = (now = NOW, overrides: Partial<TransitionContext> = {}): TransitionContext => ({
  now,
  calendar,
  defenceWorkingDays: 7,
  termMonths: 12,
  renewWindowDays: 30,
  ...overrides,
});

const rita: Actor = { name: 'rita', role: 'supervisor' }; // the proposer
const sam: Actor = { name: 'sam', role: 'supervisor' }; // the approver
const tom: Actor = { name: 'tom', role: 'supervisor' };
const rev: Actor = { name: 'rev', role: 'reviewer' };
const system: Actor = { name: 'system', role: 'system' };

const TWO: Measure[] = ['priority_identity_check', 'consumer_relationship_check'];

/** An entry in `state` that meets every precondition of `action` (deadline, window, expiry). */
function entryIn(state: RegistryState, action?: RegistryAction, overrides: Partial<EntrySnapshot> = {}): EntrySnapshot {
  const base: EntrySnapshot = { state, measures: [] };
  if (['proposed', 'notified', 'listed'].includes(state)) Object.assign(base, { proposedBy: 'rita', measures: TWO });
  if (['notified', 'listed'].includes(state)) {
    Object.assign(base, { approvedBy: 'sam', deadline: NOW - DAY, defenceRecordedAt: NOW - 2 * DAY });
  }
  if (state === 'listed') {
    const expiresAt = action === 'expire' ? NOW : NOW + 10 * DAY;
    Object.assign(base, { listedAt: addCalendarMonths(expiresAt, -12), expiresAt });
  }
  return deepFreeze({ ...base, ...overrides });
}

/** A valid request for `action`, by a permitted actor who did not propose. */
function requestFor(action: RegistryAction, overrides: Partial<ActionRequest> = {}): ActionRequest {
  const actor = WHO[action].includes('supervisor') ? sam : system;
  const request: ActionRequest = { action, actor, reason: `because: ${action}` };
  if (action === 'decide') request.decision = 'list';
  if (action === 'record_defence') request.defence = '我是正常消费者。';
  if (action === 'renew') request.hasNewEvidence = true;
  return deepFreeze({ ...request, ...overrides });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function refusalCode(result: TransitionResult): string {
  return result.ok ? `ok → ${result.to}` : result.code;
}

t.test('the state list and action list are those of the spec', async (t) => {
  t.same([...REGISTRY_STATES].sort(), ['dismissed', 'flagged', 'listed', 'notified', 'proposed', 'removed', 'under_review']);
  t.same([...REGISTRY_ACTIONS].sort(), Object.keys(WHO).sort());
});

t.test('every (state, action) pair: the table allows it with its target, or it is INVALID_TRANSITION', async (t) => {
  let allowed = 0;
  for (const state of REGISTRY_STATES) {
    for (const action of REGISTRY_ACTIONS) {
      for (const decision of action === 'decide' ? (['list', 'drop'] as const) : [undefined]) {
        const row = SPEC.find((r) => r.from === state && r.action === action && r.decision === decision);
        const result = transition(entryIn(state, action), requestFor(action, decision ? { decision } : {}), ctx());
        const name = `${state} --${action}${decision ? `:${decision}` : ''}-->`;
        if (row) {
          allowed += 1;
          t.equal(refusalCode(result), `ok → ${row.to}`, name);
          if (result.ok) {
            t.equal(result.from, state, `${name} from`);
            t.equal(result.patch.state, row.to, `${name} patch.state`);
          }
        } else {
          t.equal(refusalCode(result), 'INVALID_TRANSITION', name);
        }
      }
    }
  }
  t.equal(allowed, SPEC.length, 'every row of the table was exercised');
});

t.test('each allowed transition yields its patch and audit action', async (t) => {
  const run = (state: RegistryState, action: RegistryAction, overrides: Partial<ActionRequest> = {}) => {
    const result = transition(entryIn(state, action), requestFor(action, overrides), ctx());
    if (!result.ok) throw new Error(`${state} ${action} refused: ${result.message}`);
    return result;
  };
  for (const [state, action] of [
    ['flagged', 'claim'],
    ['flagged', 'dismiss'],
    ['under_review', 'dismiss'],
    ['proposed', 'reject'],
    ['listed', 'remove'],
    ['listed', 'expire'],
  ] as const) {
    const r = run(state, action);
    t.same(r.patch, { state: r.to }, `${action} from ${state} changes the state only`);
    t.equal(r.auditAction, action);
    t.equal(r.freezeEvidence, false);
  }

  const proposed = run('under_review', 'propose', { actor: rev });
  t.same(proposed.patch, { state: 'proposed', proposedBy: 'rev', measures: ['priority_identity_check'] }, 'default measure');
  t.equal(proposed.freezeEvidence, true, 'the evidence is frozen at proposal');
  const chosen = run('under_review', 'propose', { measures: ['merged_handling', 'priority_identity_check'] });
  t.same(chosen.patch.measures, ['priority_identity_check', 'merged_handling'], 'chosen measures, in canonical order');

  const approved = run('proposed', 'approve_notice');
  t.same(approved.patch, { state: 'notified', approvedBy: 'sam', deadline: calendar.defenceDeadline(NOW, 7) });
  t.equal(approved.deadlineCoverage, 'official');
  const approved3 = transition(entryIn('proposed'), requestFor('approve_notice'), ctx(NOW, { defenceWorkingDays: 3 }));
  t.equal(approved3.ok && approved3.patch.deadline, calendar.defenceDeadline(NOW, 3), 'the window is configurable');
  const late = transition(entryIn('proposed'), requestFor('approve_notice'), ctx(Date.parse('2026-12-28T10:00:00+08:00')));
  t.equal(late.ok && late.deadlineCoverage, 'provisional', 'a deadline running into 2027 is flagged as provisional');

  const defence = run('notified', 'record_defence', { actor: rev });
  t.same(defence.patch, { state: 'notified', defenceRecordedAt: NOW });
  t.equal(defence.defence, '我是正常消费者。');

  const listed = run('notified', 'decide');
  t.same(listed.patch, { state: 'listed', listedAt: NOW, expiresAt: addCalendarMonths(NOW, 12), measures: TWO });
  t.equal(listed.auditAction, 'decide:list');
  t.equal(listed.answersDefence, true, 'the reason answers the recorded defence');
  const dropped = run('notified', 'decide', { decision: 'drop' });
  t.same(dropped.patch, { state: 'dismissed' });
  t.equal(dropped.auditAction, 'decide:drop');

  const renewed = run('listed', 'renew');
  t.same(renewed.patch, { state: 'listed', listedAt: NOW, expiresAt: addCalendarMonths(NOW, 12), measures: TWO });
  t.equal(renewed.freezeEvidence, true, 'a renewal freezes a new bundle');
  const short = transition(entryIn('listed', 'renew'), requestFor('renew'), ctx(NOW, { termMonths: 6 }));
  t.equal(short.ok && short.patch.expiresAt, addCalendarMonths(NOW, 6), 'the term is configurable');
});

t.test('every role × action: only the roles of the table may act', async (t) => {
  for (const action of REGISTRY_ACTIONS) {
    const row = SPEC.find((r) => r.action === action)!;
    for (const role of ROLES) {
      const actor: Actor = { name: `someone-${role}`, role };
      const result = transition(entryIn(row.from, action), requestFor(action, { actor }), ctx());
      const expected = WHO[action].includes(role) ? `ok → ${row.to}` : 'FORBIDDEN';
      t.equal(refusalCode(result), expected, `${role} ${action}`);
    }
  }
});

t.test('four eyes: the proposer neither approves the notice nor decides', async (t) => {
  t.equal(refusalCode(transition(entryIn('proposed'), requestFor('approve_notice', { actor: rita }), ctx())), 'FOUR_EYES');
  t.equal(refusalCode(transition(entryIn('proposed'), requestFor('approve_notice', { actor: sam }), ctx())), 'ok → notified');
  for (const decision of ['list', 'drop'] as const) {
    const decide = (actor: Actor) => refusalCode(transition(entryIn('notified'), requestFor('decide', { actor, decision }), ctx()));
    t.equal(decide(rita), 'FOUR_EYES', `proposer, ${decision}`);
    t.equal(decide(sam), decision === 'list' ? 'ok → listed' : 'ok → dismissed', `approver, ${decision}`);
    t.equal(decide(tom), decision === 'list' ? 'ok → listed' : 'ok → dismissed', `third supervisor, ${decision}`);
  }
  const byReviewer = entryIn('proposed', undefined, { proposedBy: 'rev' });
  t.equal(refusalCode(transition(byReviewer, requestFor('approve_notice', { actor: rita }), ctx())), 'ok → notified');
  t.equal(
    refusalCode(transition(entryIn('notified'), requestFor('record_defence', { actor: rita }), ctx())),
    'ok → notified',
    'the proposer may still record a defence',
  );
  const result = transition(entryIn('proposed'), requestFor('approve_notice', { actor: rita }), ctx());
  t.match(result, { ok: false, message: /rita proposed this listing/ });
});

t.test('decide: list waits for a defence or the end of the deadline; drop never waits', async (t) => {
  const deadline = calendar.defenceDeadline(NOW - 3 * DAY, 7);
  const waiting = entryIn('notified', 'decide', { deadline, defenceRecordedAt: undefined });
  const decide = (entry: EntrySnapshot, now: number, decision: 'list' | 'drop' = 'list') =>
    refusalCode(transition(entry, requestFor('decide', { decision }), ctx(now)));

  t.equal(decide(waiting, NOW), 'INVALID_TRANSITION', 'before the deadline, no defence');
  t.equal(decide(waiting, deadline), 'INVALID_TRANSITION', 'at the last millisecond of the window');
  t.equal(decide(waiting, deadline + 1), 'ok → listed', 'once the deadline has passed');
  const withDefence = entryIn('notified', 'decide', { deadline, defenceRecordedAt: NOW - DAY });
  t.equal(decide(withDefence, NOW), 'ok → listed', 'before the deadline with a defence');
  t.equal(decide(waiting, NOW, 'drop'), 'ok → dismissed', 'drop before the deadline');
  t.equal(decide(waiting, deadline + DAY, 'drop'), 'ok → dismissed', 'drop after the deadline');
  t.equal(decide(entryIn('notified', 'decide', { deadline: undefined, defenceRecordedAt: undefined }), NOW), 'INVALID_TRANSITION');

  const refused = transition(waiting, requestFor('decide'), ctx(NOW));
  t.match(refused, { message: /deadline is 2026-03-\d\dT23:59:59\+08:00/ }, 'the message names the deadline as rendered');
  const noDefence = transition(waiting, requestFor('decide'), ctx(deadline + 1));
  t.equal(noDefence.ok && noDefence.answersDefence, false, 'no defence to answer');
});

t.test('defences: recorded while notified, a second one adds, late ones are still taken', async (t) => {
  const first = transition(entryIn('notified', undefined, { defenceRecordedAt: undefined }), requestFor('record_defence'), ctx());
  t.equal(refusalCode(first), 'ok → notified');
  const later = NOW + DAY;
  const second = transition(entryIn('notified'), requestFor('record_defence', { defence: '补充说明' }), ctx(later));
  t.match(second, { ok: true, to: 'notified', patch: { defenceRecordedAt: later }, defence: '补充说明' });
  const afterDeadline = transition(entryIn('notified'), requestFor('record_defence'), ctx(NOW + 30 * DAY));
  t.equal(refusalCode(afterDeadline), 'ok → notified');
});

t.test('renewal: from 30 days before expiry, before it, and only with new evidence', async (t) => {
  const expiresAt = NOW + 100 * DAY;
  const listed = entryIn('listed', 'renew', { expiresAt });
  const renew = (now: number, overrides: Partial<ActionRequest> = {}, c: Partial<TransitionContext> = {}) =>
    refusalCode(transition(listed, requestFor('renew', overrides), ctx(now, c)));

  t.equal(renew(expiresAt - 30 * DAY - 1), 'INVALID_TRANSITION', 'one millisecond before the window');
  t.equal(renew(expiresAt - 30 * DAY), 'ok → listed', 'at the window');
  t.equal(renew(expiresAt - 1), 'ok → listed', 'on the last day');
  t.equal(renew(expiresAt), 'INVALID_TRANSITION', 'expired, awaiting the expiry run');
  t.equal(renew(expiresAt - 40 * DAY, {}, { renewWindowDays: 45 }), 'ok → listed', 'the window is configurable');
  t.equal(renew(expiresAt - DAY, { hasNewEvidence: false }), 'NO_NEW_EVIDENCE');
  t.equal(renew(expiresAt - DAY, { hasNewEvidence: undefined }), 'NO_NEW_EVIDENCE', 'evidence must be asserted');
  t.equal(refusalCode(transition(entryIn('listed', 'renew', { expiresAt: undefined }), requestFor('renew'), ctx())), 'INVALID_TRANSITION');
  t.match(transition(listed, requestFor('renew'), ctx(NOW)), { message: /Renewal opens 30 days before expiry/ });
});

t.test('expiry: the system removes a listing once its term has ended, not before', async (t) => {
  const expiresAt = NOW;
  const listed = entryIn('listed', 'expire', { expiresAt });
  t.equal(refusalCode(transition(listed, requestFor('expire'), ctx(expiresAt - 1))), 'INVALID_TRANSITION');
  t.equal(refusalCode(transition(listed, requestFor('expire'), ctx(expiresAt))), 'ok → removed');
  t.equal(refusalCode(transition(listed, requestFor('expire'), ctx(expiresAt + DAY))), 'ok → removed');
  const noExpiry = entryIn('listed', 'expire', { expiresAt: undefined });
  t.equal(refusalCode(transition(noExpiry, requestFor('expire'), ctx())), 'INVALID_TRANSITION');
  t.equal(refusalCode(transition(listed, requestFor('remove'), ctx(expiresAt + DAY))), 'ok → removed', 'removal stays possible');
});

t.test('measures: a decision or renewal may narrow them, never widen', async (t) => {
  const decide = (measures: Measure[], decision: 'list' | 'drop' = 'list') =>
    transition(entryIn('notified'), requestFor('decide', { measures, decision }), ctx());
  t.match(decide(['priority_identity_check']), { ok: true, patch: { measures: ['priority_identity_check'] } }, 'narrowed');
  t.match(decide([...TWO].reverse()), { ok: true, patch: { measures: TWO } }, 'the same set');
  const wider = decide(['priority_identity_check', 'merged_handling']);
  t.match(wider, { ok: false, code: 'VALIDATION_FAILED', details: [{ path: '/measures/1' }] }, 'widened');
  t.match(decide(['merged_handling'], 'drop'), { ok: true, patch: { state: 'dismissed' } }, 'measures do not matter when dropping');

  const renew = (measures: Measure[]) => transition(entryIn('listed', 'renew'), requestFor('renew', { measures }), ctx());
  t.match(renew(['consumer_relationship_check']), { ok: true, patch: { measures: ['consumer_relationship_check'] } });
  t.match(renew(['merged_handling']), { ok: false, code: 'VALIDATION_FAILED' });
  const narrowedBefore = entryIn('listed', 'renew', { measures: ['priority_identity_check'] });
  t.match(
    transition(narrowedBefore, requestFor('renew', { measures: TWO }), ctx()),
    { ok: false, code: 'VALIDATION_FAILED' },
    'a renewal cannot restore what the decision narrowed away',
  );
});

t.test('request shapes: fields only where they belong', async (t) => {
  const code = (state: RegistryState, request: ActionRequest) => refusalCode(transition(entryIn(state, request.action), request, ctx()));
  const invalid = (request: ActionRequest) => request as unknown as ActionRequest;
  t.equal(code('notified', requestFor('decide', { decision: undefined })), 'VALIDATION_FAILED', 'decide without decision');
  t.equal(code('notified', invalid({ ...requestFor('decide'), decision: 'maybe' as 'list' })), 'VALIDATION_FAILED');
  t.equal(code('flagged', requestFor('claim', { decision: 'list' })), 'VALIDATION_FAILED', 'decision with claim');
  t.equal(code('notified', requestFor('record_defence', { defence: undefined })), 'VALIDATION_FAILED', 'no defence text');
  t.equal(code('notified', requestFor('record_defence', { defence: '   ' })), 'VALIDATION_FAILED', 'blank defence');
  t.equal(code('notified', requestFor('decide', { defence: 'x' })), 'VALIDATION_FAILED', 'defence with decide');
  t.equal(code('flagged', requestFor('claim', { measures: TWO })), 'VALIDATION_FAILED', 'measures with claim');
  t.equal(code('proposed', requestFor('approve_notice', { measures: TWO })), 'VALIDATION_FAILED', 'measures with approve_notice');
  t.equal(code('under_review', requestFor('propose', { measures: [] })), 'VALIDATION_FAILED', 'no measures');
  t.equal(code('under_review', requestFor('propose', { measures: ['publication' as Measure] })), 'VALIDATION_FAILED', 'unknown measure');
  t.equal(code('under_review', requestFor('propose', { measures: ['merged_handling', 'merged_handling'] })), 'VALIDATION_FAILED', 'a repeated measure');
  t.equal(code('flagged', requestFor('claim', { reason: '' })), 'VALIDATION_FAILED', 'empty reason');
  t.equal(code('flagged', requestFor('claim', { reason: ' \n ' })), 'VALIDATION_FAILED', 'blank reason');
  t.equal(code('flagged', requestFor('claim', { reason: 'a'.repeat(2001) })), 'VALIDATION_FAILED', '2,001 characters');
  t.equal(code('flagged', requestFor('claim', { reason: '𠀀'.repeat(2000) })), 'ok → under_review', '2,000 astral code points');
  t.equal(code('flagged', invalid({ ...requestFor('claim'), action: 'publish' as RegistryAction })), 'VALIDATION_FAILED', 'unknown action');

  const several = transition(entryIn('flagged'), requestFor('claim', { reason: '', measures: TWO, defence: 'x' }), ctx());
  t.match(
    several,
    {
      ok: false,
      code: 'VALIDATION_FAILED',
      details: [{ path: '/reason' }, { path: '/defence' }, { path: '/measures' }],
    },
    'one detail per problem',
  );
});

t.test('when several refusals apply, the contract order decides which is reported', async (t) => {
  const code = (entry: EntrySnapshot, request: ActionRequest, now = NOW) => refusalCode(transition(entry, request, ctx(now)));
  const waiting = entryIn('notified', 'decide', { deadline: NOW + DAY, defenceRecordedAt: undefined });
  const listedEarly = entryIn('listed', 'renew', { expiresAt: NOW + 100 * DAY });

  t.equal(code(entryIn('notified'), requestFor('decide', { actor: rev, decision: undefined })), 'VALIDATION_FAILED', 'shape before FORBIDDEN');
  t.equal(code(entryIn('flagged'), requestFor('approve_notice', { actor: rev })), 'FORBIDDEN', 'FORBIDDEN before INVALID_TRANSITION');
  t.equal(code(entryIn('proposed', undefined, { proposedBy: 'rev' }), requestFor('approve_notice', { actor: rev })), 'FORBIDDEN', 'FORBIDDEN before FOUR_EYES');
  t.equal(code(entryIn('flagged'), requestFor('expire', { actor: sam })), 'FORBIDDEN', 'a person cannot expire');
  t.equal(code(entryIn('listed', 'renew'), requestFor('renew', { actor: system })), 'FORBIDDEN', 'the system cannot renew');
  t.equal(code(entryIn('proposed'), requestFor('decide', { actor: rita })), 'INVALID_TRANSITION', 'INVALID_TRANSITION before FOUR_EYES');
  t.equal(code(waiting, requestFor('decide', { actor: rita })), 'INVALID_TRANSITION', 'too early before FOUR_EYES');
  t.equal(code(waiting, requestFor('decide', { actor: rita, measures: ['merged_handling'] })), 'INVALID_TRANSITION', 'too early before widened measures');
  t.equal(code(listedEarly, requestFor('renew', { hasNewEvidence: false })), 'INVALID_TRANSITION', 'window before NO_NEW_EVIDENCE');
  t.equal(
    code(entryIn('listed', 'renew'), requestFor('renew', { hasNewEvidence: false, measures: ['merged_handling'] })),
    'NO_NEW_EVIDENCE',
    'NO_NEW_EVIDENCE before widened measures',
  );
  t.equal(
    code(entryIn('notified'), requestFor('decide', { actor: rita, measures: ['merged_handling'] })),
    'VALIDATION_FAILED',
    'widened measures before FOUR_EYES',
  );
  t.equal(code(entryIn('dismissed'), requestFor('renew', { hasNewEvidence: false })), 'INVALID_TRANSITION', 'a closed entry');
});

t.test('creation: the system flags, reviewers and supervisors propose manually', async (t) => {
  t.same(create({ kind: 'flag', actor: system, reason: 'assessment reached review' }), {
    ok: true,
    entry: { state: 'flagged', measures: [] },
    auditAction: 'flag',
    freezeEvidence: false,
  });
  for (const role of ROLES.filter((r) => r !== 'system')) {
    t.match(create({ kind: 'flag', actor: { name: 'x', role }, reason: 'r' }), { ok: false, code: 'FORBIDDEN' }, `${role} flag`);
  }
  for (const actor of [rev, rita]) {
    t.same(
      create({ kind: 'manual_proposal', actor, reason: '多次索要十倍赔偿' }),
      {
        ok: true,
        entry: { state: 'proposed', proposedBy: actor.name, measures: ['priority_identity_check'] },
        auditAction: 'manual_proposal',
        freezeEvidence: true,
      },
      `${actor.role} manual proposal`,
    );
  }
  for (const role of ['admin', 'intake', 'system'] as const) {
    t.match(create({ kind: 'manual_proposal', actor: { name: 'x', role }, reason: 'r' }), { ok: false, code: 'FORBIDDEN' }, `${role} proposal`);
  }
  t.match(create({ kind: 'manual_proposal', actor: rev, reason: 'r', measures: ['merged_handling'] }), {
    ok: true,
    entry: { measures: ['merged_handling'] },
  });
  t.match(create({ kind: 'flag', actor: system, reason: 'r', measures: TWO }), { ok: false, code: 'VALIDATION_FAILED' });
  t.match(create({ kind: 'manual_proposal', actor: rev, reason: '' }), { ok: false, code: 'VALIDATION_FAILED' });
  t.match(create({ kind: 'manual_proposal', actor: rev, reason: 'r', measures: [] }), { ok: false, code: 'VALIDATION_FAILED' });
  t.match(create({ kind: 'other' as 'flag', actor: system, reason: 'r' }), { ok: false, code: 'VALIDATION_FAILED' });

  const manual = create({ kind: 'manual_proposal', actor: rita, reason: 'r' });
  const entry = manual.ok ? manual.entry : entryIn('flagged');
  t.equal(refusalCode(transition(entry, requestFor('approve_notice', { actor: rita }), ctx())), 'FOUR_EYES', 'four eyes covers the manual proposer');
});
