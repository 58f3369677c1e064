/**
 * One registry entry: its state and deadlines, the frozen evidence, its history, the actions the
 * signed-in person may take now, the notice preview and the audit trail.
 */
import { getJson, postJson } from './api.js';
import { announce, badge, el, errorBox, facts, formatTime, maskText } from './dom.js';
import { ACTION_LABELS, MEASURE_LABELS, MEASURES, ROLE_LABELS, STATE_LABELS, UNAVAILABLE_LABELS } from './labels.js';
import { showNotice } from './notice.js';
import { documentsSection } from './documents.js';

/**
 * The form of each action. Which ones are offered, and why the others are not, comes from the
 * entry's `allowedActions` (the service's state machine), so the rules live in one place.
 */
const ACTIONS = [
  { action: 'claim', title: '认领审查', submit: '认领' },
  { action: 'dismiss', title: '撤销标记（不予列入）', submit: '撤销' },
  { action: 'propose', title: '提议列入名录', submit: '提议列入', measures: 'choose' },
  { action: 'reject', title: '退回提议', submit: '退回' },
  { action: 'approve_notice', title: '批准告知书', submit: '批准并告知' },
  { action: 'record_defence', title: '登记申辩意见', submit: '登记申辩', defence: true },
  { action: 'decide', title: '作出决定', submit: '提交决定', decision: true, measures: 'narrow' },
  { action: 'remove', title: '提前移出名录', submit: '移出' },
  { action: 'renew', title: '续期', submit: '续期（须有新的证据）', measures: 'narrow' },
];
const DECISION_LABELS = { list: '列入名录', drop: '不予列入' };

/** Why an action is not available, in words. */
export function unavailableText(u) {
  const render = UNAVAILABLE_LABELS[u?.code];
  return render ? render(u.params ?? {}) : '当前不可执行';
}

const actorName = (actor) => (actor === 'system' ? '系统' : actor);
const ORIGIN_LABELS = { automatic: '系统自动标记', manual: '人工提出' };
const measureList = (measures) => el('ul', {}, measures.map((m) => el('li', {}, MEASURE_LABELS[m] ?? m)));
const stateChange = (from, to) => (from || to ? `${STATE_LABELS[from] ?? from ?? '—'} → ${STATE_LABELS[to] ?? to ?? '—'}` : '');

/** The entry panel; `onChange(entry)` runs after every action the service accepted. */
export function entryPanel(entryId, { user, onChange }) {
  const panel = el('div', { class: 'entry' }, el('p', {}, '正在加载名录记录…'));

  async function load() {
    const entry = await getJson(`/v1/registry/entries/${encodeURIComponent(entryId)}`);
    panel.replaceChildren(...view(entry).filter(Boolean));
  }

  function view(entry) {
    const offers = entry.allowedActions ?? [];
    const allowed = ACTIONS.filter((a) => offers.some((o) => o.action === a.action && o.available));
    return [
      el('h3', { id: 'entry-title', tabindex: '-1' }, `名录记录 ${entry.id} `, badge(STATE_LABELS[entry.state] ?? entry.state, entry.state)),
      facts([
        ['来源', ORIGIN_LABELS[entry.origin] ?? entry.origin],
        ['创建', `${formatTime(entry.createdAt)}（${entry.createdBy === 'system' ? '系统' : entry.createdBy}）`],
        ['承办人', entry.heldBy],
        ['提议列入', entry.proposedBy && `${formatTime(entry.proposedAt)}（${entry.proposedBy}）`],
        ['批准告知', entry.approvedBy && `${formatTime(entry.approvedAt)}（${entry.approvedBy}）`],
        ['申辩期限', entry.deadline && `${formatTime(entry.deadline)} 前`],
        ['决定', entry.decision && `${entry.decision === 'list' ? '列入' : '不予列入'}，${formatTime(entry.decidedAt)}（${entry.decidedBy}）`],
        ['决定理由', entry.decisionReason && maskText(entry.decisionReason)],
        ['列入时间', entry.listedAt && formatTime(entry.listedAt)],
        ['到期时间', entry.expiresAt && formatTime(entry.expiresAt)],
        ['期满复核', entry.sunsetReviewDue ? '已进入期满前复核期，可续期或到期移出' : undefined],
        ['措施', entry.measures?.length ? measureList(entry.measures) : undefined],
      ]),
      entry.defences?.length > 0 &&
        el(
          'section',
          { 'aria-labelledby': 'defences-title' },
          el('h4', { id: 'defences-title' }, '申辩意见'),
          el('ul', {}, entry.defences.map((d) => el('li', {}, `${formatTime(d.at)}（${d.by} 登记）：`, el('q', {}, maskText(d.text))))),
        ),
      entry.evidence && evidenceSummary(entry.evidence),
      history(entry.history ?? []),
      actions(entry, allowed, offers),
      entry.proposedAt && noticeSection(entry),
      entry.approvedAt && documentsSection(entry, { user, onChange: load }),
      auditSection(entry.id),
    ];
  }

  function actions(entry, allowed, offers) {
    // Actions this state admits but this person may not take now, each with the reason.
    const blocked = offers.filter((o) => !o.available && o.unavailable?.code !== 'STATE');
    const title = (o) => `${ACTIONS.find((a) => a.action === o.action)?.title ?? o.action}${o.decision ? `（${DECISION_LABELS[o.decision]}）` : ''}`;
    return el(
      'section',
      { 'aria-labelledby': 'actions-title', class: 'actions' },
      el('h4', { id: 'actions-title' }, '可执行的操作'),
      allowed.length === 0
        ? el('p', { class: 'empty' }, `当前状态（${STATE_LABELS[entry.state] ?? entry.state}）下，${ROLE_LABELS[user.role] ?? user.role}没有可执行的操作。`)
        : allowed.map((spec) => actionForm(entry, spec, offers)),
      blocked.length > 0 &&
        el(
          'div',
          { class: 'unavailable', role: 'group', 'aria-labelledby': 'unavailable-title' },
          el('h5', { id: 'unavailable-title' }, '暂不可执行的操作'),
          el('ul', {}, blocked.map((o) => el('li', {}, el('strong', {}, title(o)), '：', unavailableText(o.unavailable)))),
        ),
    );
  }

  function actionForm(entry, spec, offers) {
    const decisionOffer = (value) => offers.find((o) => o.action === 'decide' && o.decision === value);
    const id = (part) => `act-${spec.action}-${part}`;
    const errors = el('div', { class: 'form-errors' });
    const submit = el('button', { type: 'submit' }, spec.submit);
    const answersDefence = spec.action === 'decide' && entry.defences?.length > 0;
    const form = el(
      'form',
      { class: 'action', method: 'post', 'aria-labelledby': id('title') },
      el('h5', { id: id('title') }, spec.title),
      spec.decision &&
        el(
          'fieldset',
          {},
          el('legend', {}, '决定'),
          ['list', 'drop'].map((value) => {
            const offer = decisionOffer(value);
            return el(
              'label',
              { class: 'choice' },
              el('input', { type: 'radio', name: 'decision', value, required: true, disabled: !offer?.available }),
              DECISION_LABELS[value],
              offer && !offer.available && el('span', { class: 'why' }, `（${unavailableText(offer.unavailable)}）`),
            );
          }),
        ),
      spec.defence &&
        el('div', { class: 'field' }, el('label', { for: id('defence') }, '申辩内容'), el('textarea', { id: id('defence'), name: 'defence', required: true, rows: '4' })),
      spec.measures && measuresField(entry, spec),
      el(
        'div',
        { class: 'field' },
        el('label', { for: id('reason') }, answersDefence ? '理由（须答复申辩意见）' : '理由'),
        el('textarea', { id: id('reason'), name: 'reason', required: true, maxlength: '2000', rows: '3' }),
      ),
      submit,
      errors,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const fields = form.elements;
      const body = { action: spec.action, reason: fields.namedItem('reason').value };
      if (spec.defence) body.defence = fields.namedItem('defence').value;
      if (spec.decision) body.decision = form.querySelector('input[name="decision"]:checked')?.value;
      if (spec.measures) body.measures = [...form.querySelectorAll('input[name="measures"]:checked')].map((c) => c.value);
      submit.disabled = true;
      errors.replaceChildren();
      try {
        const updated = await postJson(`/v1/registry/entries/${encodeURIComponent(entry.id)}/actions`, body);
        await load();
        announce(`已完成：${spec.title}。当前状态：${STATE_LABELS[updated.state] ?? updated.state}。`);
        panel.querySelector('#entry-title')?.focus();
        onChange(updated);
      } catch (err) {
        errors.replaceChildren(errorBox(err));
        submit.disabled = false;
      }
    });
    return form;
  }

  function measuresField(entry, spec) {
    // A proposal chooses among all measures; a decision or renewal may only keep some of those in force.
    const offered = spec.measures === 'choose' ? MEASURES : entry.measures ?? [];
    const checked = (m) => (spec.measures === 'choose' ? m === MEASURES[0] : true);
    return el(
      'fieldset',
      {},
      el('legend', {}, spec.measures === 'choose' ? '拟采取的措施' : '措施（只能缩减，不能增加）'),
      offered.map((m) => el('label', { class: 'choice' }, el('input', { type: 'checkbox', name: 'measures', value: m, checked: checked(m) }), MEASURE_LABELS[m] ?? m)),
    );
  }

  function noticeSection(entry) {
    const holder = el('div', { class: 'notice-holder' });
    const button = el('button', { type: 'button' }, entry.approvedAt ? '预览告知书' : '预览告知书（草稿）');
    button.addEventListener('click', async () => {
      button.disabled = true;
      holder.replaceChildren(el('p', {}, '正在加载告知书…'));
      try {
        await showNotice(holder, entry.id);
      } catch (err) {
        holder.replaceChildren(errorBox(err, '无法加载告知书'));
      } finally {
        button.disabled = false;
      }
    });
    return el('section', { 'aria-labelledby': 'notice-title' }, el('h4', { id: 'notice-title' }, '告知书'), button, holder);
  }

  return { node: panel, load };
}

function evidenceSummary(bundle) {
  return el(
    'section',
    { 'aria-labelledby': 'bundle-title' },
    el('h4', { id: 'bundle-title' }, '冻结的证据材料'),
    facts([
      ['冻结时间', `${formatTime(bundle.frozenAt)}（${bundle.frozenBy}）`],
      ['评估时点', formatTime(bundle.asOf)],
      ['规则版本', bundle.ruleSetVersion],
      ['分数', String(bundle.score)],
      ['指标', el('ul', {}, (bundle.findings ?? []).map((f) => el('li', {}, f.title)))],
      ['投诉件数', `${bundle.complaints?.length ?? 0} 件（均记录文本哈希）`],
      ['相似文本对', `${bundle.similarityPairs?.length ?? 0} 对`],
      ['关联身份', bundle.linkedIdentities?.length ? bundle.linkedIdentities.map((i) => i.masked).join('、') : '无'],
    ]),
  );
}

function history(items) {
  return el(
    'section',
    { 'aria-labelledby': 'history-title' },
    el('h4', { id: 'history-title' }, '处理经过'),
    el(
      'table',
      { class: 'history' },
      el('thead', {}, el('tr', {}, ['时间', '操作', '操作人', '状态变化', '理由'].map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        items.map((h) =>
          el(
            'tr',
            {},
            el('td', {}, formatTime(h.at)),
            el('td', {}, ACTION_LABELS[h.action] ?? h.action),
            el('td', {}, actorName(h.actor)),
            el('td', {}, stateChange(h.fromState, h.toState)),
            el('td', { class: 'reason' }, maskText(h.reason ?? '')),
          ),
        ),
      ),
    ),
  );
}

/** The audit chain for this entry, a page at a time, with each record's hash and its predecessor's. */
function auditSection(entryId) {
  const body = el('tbody');
  const more = el('button', { type: 'button', hidden: true }, '加载更多审计记录');
  const errors = el('div');
  let cursor = null;
  const short = (hash) => el('code', { title: hash }, String(hash ?? '').slice(0, 12));

  async function page() {
    const params = new URLSearchParams({ entityId: entryId, limit: '50' });
    if (cursor) params.set('cursor', cursor);
    try {
      const result = await getJson(`/v1/audit?${params}`);
      body.append(
        ...result.items.map((r) =>
          el(
            'tr',
            {},
            el('td', { class: 'num' }, String(r.seq)),
            el('td', {}, formatTime(r.at)),
            el('td', {}, ACTION_LABELS[r.action] ?? r.action),
            el('td', {}, actorName(r.actor)),
            el('td', {}, stateChange(r.fromState, r.toState)),
            el('td', { class: 'reason' }, maskText(r.reason ?? '')),
            el('td', {}, short(r.hash), ' ← ', short(r.prevHash)),
          ),
        ),
      );
      cursor = result.nextCursor;
      more.hidden = !cursor;
    } catch (err) {
      errors.replaceChildren(errorBox(err, '无法加载审计记录'));
    }
  }
  more.addEventListener('click', page);
  page();

  return el(
    'section',
    { 'aria-labelledby': 'audit-title' },
    el('h4', { id: 'audit-title' }, '审计记录'),
    el('p', { class: 'hint' }, '审计链按顺序记录每次状态变化；每条记录含自身哈希及前一条记录的哈希，篡改可被发现。'),
    el(
      'table',
      { class: 'audit' },
      el('thead', {}, el('tr', {}, ['序号', '时间', '操作', '操作人', '状态变化', '理由', '哈希 ← 前一条'].map((h) => el('th', { scope: 'col' }, h)))),
      body,
    ),
    more,
    errors,
  );
}
