/**
 * Finding a person: by ID number, phone, account, the external id of a complaint or name. The
 * value goes in a POST body (never in the address, where logs and history would keep it), and the
 * form is emptied after each search.
 */
import { postJson } from './api.js';
import { badge, el, errorBox } from './dom.js';
import { LEVEL_LABELS, MATCHED_LABELS, STATE_LABELS } from './labels.js';

const KINDS = [
  ['idNumber', '居民身份证号码'],
  ['phone', '联系电话'],
  ['accountId', '平台账号'],
  ['externalId', '投诉外部编号'],
  ['name', '姓名（全名或开头）'],
];

export async function renderSearch() {
  const results = el('div', { class: 'search-results', 'aria-live': 'polite' });
  const kind = el(
    'select',
    { id: 'search-kind' },
    KINDS.map(([value, label]) => el('option', { value }, label)),
  );
  const value = el('input', { id: 'search-value', type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: '128' });
  const submit = el('button', { type: 'submit' }, '查找');
  const form = el(
    'form',
    { class: 'search', method: 'post', 'aria-labelledby': 'search-title' },
    el('label', { for: 'search-kind' }, '查找方式'),
    kind,
    el('label', { for: 'search-value' }, '查找内容'),
    value,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { [kind.value]: value.value.trim() };
    value.value = '';
    submit.disabled = true;
    results.replaceChildren(el('p', {}, '正在查找…'));
    try {
      const answer = await postJson('/v1/complainants/search', body);
      results.replaceChildren(resultsView(answer, KINDS.find(([k]) => k === kind.value)[1]));
    } catch (err) {
      results.replaceChildren(errorBox(err, '查找失败'));
    } finally {
      submit.disabled = false;
    }
  });
  return el(
    'section',
    { 'aria-labelledby': 'search-title' },
    el('h1', { id: 'search-title', tabindex: '-1' }, '查找当事人'),
    el('p', { class: 'hint' }, '查找内容经加密比对，不出现在网址中；结果只显示脱敏信息。证件号码、电话按受理时的规则规范化后比对。'),
    form,
    results,
  );
}

function resultsView(answer, by) {
  if (answer.items.length === 0) return el('p', { class: 'empty' }, `按${by}未找到当事人。`);
  return el(
    'table',
    { class: 'search-table' },
    el('caption', {}, `找到 ${answer.items.length} 人${answer.truncated ? '（仅显示前50人）' : ''}`),
    el('thead', {}, el('tr', {}, ['当事人', '证件号码', '地区', '评估', '名录状态', '匹配项'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      answer.items.map((p) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('a', { href: `#/complainants/${encodeURIComponent(p.id)}`, title: p.id }, p.person.name || p.id)),
          el('td', {}, p.person.idMasked ?? '—'),
          el('td', {}, p.person.region ?? '—'),
          el('td', {}, `${p.score} 分，${LEVEL_LABELS[p.level] ?? p.level}`),
          el('td', {}, badge(STATE_LABELS[p.registryState] ?? p.registryState, p.registryState)),
          el('td', {}, p.matchedBy.map((m) => MATCHED_LABELS[m] ?? m).join('、')),
        ),
      ),
    ),
  );
}
