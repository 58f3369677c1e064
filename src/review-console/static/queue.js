/**
 * The queue of assessed people in the order work is done: open registry work first, then score,
 * then the complaints behind profit findings, then the oldest flag (the service orders it).
 * People at `watch` are one choice away; manual proposals for anyone are in the entries list.
 */
import { getJson } from './api.js';
import { badge, el, formatTime } from './dom.js';
import { INDICATOR_LABELS, LEVEL_LABELS, STATE_LABELS } from './labels.js';

const PAGE_SIZE = 25;
const FILTER_STATES = ['none', 'flagged', 'under_review', 'proposed', 'notified', 'listed', 'dismissed', 'removed'];
const LEVEL_CHOICES = [
  ['review', '需审查'],
  ['watch', '关注及以上'],
  ['all', '全部已评估'],
];

// Kept across visits so that coming back from a complainant shows the same filter and page.
// cursors[i] opens page i + 1; the API's cursors only go forward, so earlier ones are remembered.
const position = { state: '', level: 'review', cursors: [null] };

function pager(page, refresh) {
  const pageNumber = position.cursors.length;
  const go = (change) => () => {
    change();
    refresh();
  };
  return el(
    'nav',
    { class: 'pager', 'aria-label': '分页' },
    el('button', { type: 'button', disabled: pageNumber === 1, on: { click: go(() => position.cursors.pop()) } }, '上一页'),
    el('span', {}, `第${pageNumber}页`),
    el('button', { type: 'button', disabled: !page.nextCursor, on: { click: go(() => position.cursors.push(page.nextCursor)) } }, '下一页'),
  );
}

export async function renderQueue(refresh) {
  const params = new URLSearchParams({ order: 'work', limit: String(PAGE_SIZE) });
  if (position.level === 'review') params.set('level', 'review');
  else if (position.level === 'watch') params.set('atLeast', 'watch');
  if (position.state) params.set('state', position.state);
  const cursor = position.cursors[position.cursors.length - 1];
  if (cursor) params.set('cursor', cursor);
  const page = await getJson(`/v1/complainants?${params}`);

  const filter = (id, label, key, options) => {
    const select = el(
      'select',
      {
        id,
        on: {
          change: () => {
            position[key] = select.value;
            position.cursors = [null];
            refresh();
          },
        },
      },
      options.map(([value, text]) => el('option', { value, selected: value === position[key] }, text)),
    );
    return [el('label', { for: id }, label), select];
  };

  const rows = page.items.map((item) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('a', { href: `#/complainants/${encodeURIComponent(item.id)}`, title: item.id }, item.person?.name || item.id)),
      el('td', {}, item.person?.idMasked ?? '—'),
      el('td', {}, item.person?.region ?? '—'),
      el('td', { class: 'num' }, String(item.score)),
      el('td', {}, LEVEL_LABELS[item.level] ?? item.level),
      el('td', {}, badge(STATE_LABELS[item.registryState] ?? item.registryState, item.registryState)),
      el('td', { class: 'num' }, `${item.profitComplaints ?? 0} 件`),
      el('td', { class: 'num' }, `${item.counts?.d30 ?? 0} 件`),
      el('td', { class: 'num' }, `${item.counts?.d365 ?? 0} 件`),
      el('td', { class: 'tags' }, (item.findings ?? []).map((code) => el('span', { class: 'tag' }, INDICATOR_LABELS[code] ?? code))),
      el('td', {}, formatTime(item.asOf)),
    ),
  );

  return el(
    'section',
    { 'aria-labelledby': 'queue-title' },
    el('h1', { id: 'queue-title', tabindex: '-1' }, '待审查队列'),
    el(
      'p',
      { class: 'hint' },
      '未办结的名录事项（已标记、审查中、已提议、已告知）排在前面；其次按分数从高到低，分数相同时按牟利类投诉件数从多到少，再按标记时间从早到晚。分数和指标来自存储的评估结果，不在读取时重新计算。人工提议列入的记录不论当事人级别，均可在“名录记录”中找到。',
    ),
    el(
      'div',
      { class: 'filters' },
      filter('queue-level', '评估级别', 'level', LEVEL_CHOICES),
      filter('queue-state', '名录状态', 'state', [['', '全部'], ...FILTER_STATES.map((s) => [s, STATE_LABELS[s]])]),
    ),
    page.items.length === 0
      ? el('p', { class: 'empty' }, '当前筛选条件下没有当事人。')
      : el(
          'table',
          { class: 'queue' },
          el('caption', {}, `第${position.cursors.length}页，共${page.items.length}人`),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ['当事人', '证件号码', '地区', '分数', '级别', '名录状态', '牟利类投诉', '近30日', '近365日', '命中指标', '评估时点'].map((h) =>
                el('th', { scope: 'col' }, h),
              ),
            ),
          ),
          el('tbody', {}, rows),
        ),
    pager(page, refresh),
  );
}

/** Signing out forgets where the previous person was. */
export function resetQueue() {
  position.state = '';
  position.level = 'review';
  position.cursors = [null];
}
