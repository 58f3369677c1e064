/**
 * What a reviewer may do about a person, beside an entry's due process: a manual proposal, the
 * allow-list, and merging or unmerging records. Each says what will follow before it is
 * confirmed, and is not offered when the service would refuse it (with the reason instead).
 */
import { getJson, postJson } from './api.js';
import { announce, el, errorBox, formatDate, formatTime, maskText } from './dom.js';
import { MEASURE_LABELS, MEASURES, STATE_LABELS } from './labels.js';
import { revokeButton } from './allowlist.js';

const OPEN_STATES = ['flagged', 'under_review', 'proposed', 'notified', 'listed'];
const openEntry = (profile) => (profile.entries ?? []).find((e) => OPEN_STATES.includes(e.state));

function field(id, label, control) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

/** A form that posts, shows the refusal in Chinese, and reloads the page on success. */
function powerForm(id, title, fields, submitText, send, done) {
  const errors = el('div', { class: 'form-errors' });
  const submit = el('button', { type: 'submit' }, submitText);
  const form = el('form', { class: 'action', method: 'post', 'aria-labelledby': `${id}-title` }, el('h3', { id: `${id}-title` }, title), fields, submit, errors);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    errors.replaceChildren();
    try {
      done(await send(form));
    } catch (err) {
      errors.replaceChildren(errorBox(err));
      submit.disabled = false;
    }
  });
  return form;
}

const reasonField = (id) => field(`${id}-reason`, '理由', el('textarea', { id: `${id}-reason`, name: 'reason', required: true, maxlength: '2000', rows: '3' }));
const valueOf = (form, name) => form.elements.namedItem(name).value;

function manualProposal(profile, refresh) {
  const open = openEntry(profile);
  if (open)
    return el(
      'div',
      { class: 'action unavailable-power' },
      el('h3', {}, '人工提议列入'),
      el('p', { class: 'note' }, `暂不可执行：该当事人已有未结的名录记录（${STATE_LABELS[open.state] ?? open.state}），请在该记录中办理。`),
    );
  return powerForm(
    'manual',
    '人工提议列入',
    [
      el('p', { class: 'hint' }, '不论评估级别，均可凭书面理由直接提议列入；记录进入“已提议列入”，并冻结当前证据。依四眼原则，告知书须由另一位主管批准。'),
      el(
        'fieldset',
        {},
        el('legend', {}, '拟采取的措施'),
        MEASURES.map((m, k) =>
          el('label', { class: 'choice' }, el('input', { type: 'checkbox', name: 'measures', value: m, checked: k === 0 }), MEASURE_LABELS[m]),
        ),
      ),
      reasonField('manual'),
    ],
    '提议列入',
    (form) =>
      postJson('/v1/registry/entries', {
        complainantId: profile.mergedInto ?? profile.id,
        reason: valueOf(form, 'reason'),
        measures: [...form.querySelectorAll('input[name="measures"]:checked')].map((c) => c.value),
      }),
    () => {
      announce('已人工提议列入，当前状态：已提议列入。');
      refresh();
    },
  );
}

function allowList(profile, refresh) {
  const current = (profile.allowlist ?? []).filter((a) => !a.revokedAt && Date.parse(a.expiresAt) > Date.now());
  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  return el(
    'div',
    {},
    current.map((a) =>
      el('p', { class: 'note' }, `已在白名单：至 ${formatDate(a.expiresAt)}（${a.createdBy} 于 ${formatTime(a.createdAt)} 登记：${maskText(a.reason)}）`, revokeButton(a, refresh)),
    ),
    powerForm(
      'allow',
      '加入白名单',
      [
        el('p', { class: 'hint' }, '有效期内系统不再自动标记该当事人；已有的名录记录不受影响，人工提议仍可办理。'),
        field('allow-expires', '有效期至（含当日）', el('input', { id: 'allow-expires', name: 'expires', type: 'date', required: true, min: tomorrow })),
        reasonField('allow'),
      ],
      '加入白名单',
      (form) =>
        postJson('/v1/allowlist', {
          complainantId: profile.mergedInto ?? profile.id,
          reason: valueOf(form, 'reason'),
          expiresAt: `${valueOf(form, 'expires')}T23:59:59+08:00`,
        }),
      (saved) => {
        announce(`已加入白名单，有效期至 ${formatDate(saved.expiresAt)}。`);
        refresh();
      },
    ),
  );
}

/** Merge: the other record is looked up first and what the merge will do is shown before confirming. */
function merge(profile, refresh) {
  const keptId = profile.mergedInto ?? profile.id;
  const preview = el('div', { class: 'merge-preview', 'aria-live': 'polite' });
  const input = el('input', { id: 'merge-other', type: 'text', required: true, maxlength: '200', spellcheck: 'false' });
  const check = el('button', { type: 'button' }, '查看合并后果');
  check.addEventListener('click', async () => {
    const otherId = input.value.trim();
    if (!otherId) return;
    preview.replaceChildren(el('p', {}, '正在加载…'));
    try {
      const other = await getJson(`/v1/complainants/${encodeURIComponent(otherId)}`);
      preview.replaceChildren(mergePreview(profile, other, keptId, refresh));
    } catch (err) {
      preview.replaceChildren(errorBox(err, '无法加载另一当事人'));
    }
  });
  return el(
    'div',
    { class: 'action' },
    el('h3', {}, '合并当事人记录'),
    el('p', { class: 'hint' }, '确认两条记录为同一人时，将另一条记录并入本人记录。合并可撤销。'),
    field('merge-other', '另一当事人编号', input),
    check,
    preview,
  );
}

function mergePreview(profile, other, keptId, refresh) {
  const otherRoot = other.mergedInto ?? other.id;
  const open = openEntry(other);
  const consequences = el(
    'ul',
    {},
    el('li', {}, `${other.name ?? other.id}（${other.identifiers.map((i) => i.masked).join('、') || '无标识'}）的全部记录将并入本人记录 ${keptId}。`),
    el('li', {}, `投诉记录合并计算：本人 ${profile.complaintsTotal ?? profile.complaints.length} 件 + 对方 ${other.complaintsTotal ?? other.complaints.length} 件。`),
    el('li', {}, '合并后立即重新评估；达到“需审查”且无未结记录、不在白名单时，系统将自动标记。'),
    el('li', {}, '合并记入审计记录，可随时撤销合并，撤销后两条记录分别重新评估。'),
  );
  if (otherRoot === keptId) return el('p', { class: 'note' }, '这两条记录已是同一当事人。');
  if (open)
    return el('div', {}, consequences, el('p', { class: 'note' }, `暂不可合并：对方已有未结的名录记录（${STATE_LABELS[open.state] ?? open.state}），须先办结。`));
  return el(
    'div',
    {},
    el('h4', {}, '合并后果'),
    consequences,
    powerForm(
      'merge',
      '确认合并',
      [reasonField('merge')],
      '确认合并',
      (form) => postJson(`/v1/complainants/${encodeURIComponent(keptId)}/merge`, { otherId: otherRoot, reason: valueOf(form, 'reason') }),
      (done) => {
        announce(`已合并：${done.movedIds.length} 条记录并入 ${done.complainantId}，已重新评估。`);
        refresh();
      },
    ),
  );
}

/** Merges into this person not yet undone, from the audit chain (the merge record names them). */
async function unmerge(profile, refresh) {
  const keptId = profile.mergedInto ?? profile.id;
  const { items } = await getJson(`/v1/audit?${new URLSearchParams({ entityId: keptId, limit: '500' })}`);
  const undone = new Set(items.filter((r) => r.action === 'unmerge').map((r) => r.data?.mergeId));
  const merges = items.filter((r) => r.action === 'merge' && !undone.has(r.data?.mergeId));
  if (merges.length === 0) return null;
  return el(
    'div',
    { class: 'action' },
    el('h3', {}, '撤销合并'),
    merges.map((m) =>
      el(
        'div',
        { class: 'merge-record' },
        el('p', {}, `${formatTime(m.at)} ${m.actor} 将 ${m.data.otherId} 并入（理由：${maskText(m.reason ?? '')}）。`),
        el('p', { class: 'hint' }, `撤销后，${(m.data.moved ?? [m.data.otherId]).join('、')} 恢复为独立记录，双方分别重新评估；已有的名录记录保持不变。`),
        powerForm(
          `unmerge-${m.data.mergeId}`,
          `撤销与 ${m.data.otherId} 的合并`,
          [reasonField(`unmerge-${m.data.mergeId}`)],
          '确认撤销合并',
          (form) => postJson(`/v1/complainants/${encodeURIComponent(keptId)}/unmerge`, { mergeId: m.data.mergeId, reason: valueOf(form, 'reason') }),
          () => {
            announce('已撤销合并，双方已重新评估。');
            refresh();
          },
        ),
      ),
    ),
  );
}

export function powersSection(profile, user, refresh) {
  const unmergeHolder = el('div');
  unmerge(profile, refresh)
    .then((node) => unmergeHolder.replaceChildren(node ?? ''))
    .catch((err) => unmergeHolder.replaceChildren(errorBox(err, '无法加载合并记录')));
  return el(
    'section',
    { class: 'block block-powers', 'aria-labelledby': 'powers-title' },
    el('h2', { id: 'powers-title' }, '其他审查操作'),
    el('p', { class: 'hint' }, `以${user.name}的名义办理，均记入审计记录。`),
    el('div', { class: 'actions' }, manualProposal(profile, refresh), allowList(profile, refresh), merge(profile, refresh), unmergeHolder),
  );
}
