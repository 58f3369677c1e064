/** The flagged queue: complainants at level review, highest score first, filtered by registry state. */
import { getJson } from './api.js';
import { badge, el, formatTime } from './dom.js';
import { INDICATOR_LABELS, LEVEL_LABELS, STATE_LABELS } from './labels.js';

const PAGE_SIZE = 25;
const FILTER_STATES = ['none', 'flagged', 'under_review', 'proposed', 'notified', 'listed', 'dismissed', 'removed'];

// Kept across visits so that coming back from a complainant shows the same filter and page.
// cursors[i] opens page i + 1; the API's cursors only go forward, so earlier ones are remembered.
const position = { state: '', cursors: [null] };

export async function renderQueue(refresh) {
  const params = new URLSearchParams({ level: 'review', limit: String(PAGE_SIZE) });
  if (position.state) params.set('state', position.state);
  const cursor = position.cursors[position.cursors.length - 1];
  if (cursor) params.set('cursor', cursor);
  const page = await getJson(`/v1/complainants?${params}`);

  const select = el(
    'select',
    {
      id: 'queue-state',
      on: {
        change: () => {
          position.state = select.value;
          position.cursors = [null];
          refresh();
        },
      },
    },
    el('option', { value: '' }, '全部'),
    FILTER_STATES.map((s) => el('option', { value: s, selected: s === position.state }, STATE_LABELS[s])),
  );

  const rows = page.items.map((item) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('a', { href: `#/complainants/${encodeURIComponent(item.id)}` }, item.id)),
      el('td', { class: 'num' }, String(item.score)),
      el('td', {}, LEVEL_LABELS[item.level] ?? item.level),
      el('td', {}, badge(STATE_LABELS[item.registryState] ?? item.registryState, item.registryState)),
      el('td', { class: 'num' }, String(item.counts?.d30 ?? 0)),
      el('td', { class: 'num' }, String(item.counts?.d365 ?? 0)),
      el('td', { class: 'tags' }, (item.findings ?? []).map((code) => el('span', { class: 'tag', title: code }, INDICATOR_LABELS[code] ?? code))),
      el('td', {}, formatTime(item.asOf)),
    ),
  );

  const pageNumber = position.cursors.length;
  return el(
    'section',
    { 'aria-labelledby': 'queue-title' },
    el('h1', { id: 'queue-title', tabindex: '-1' }, '待审查队列'),
    el('p', { class: 'hint' }, '评估级别为“需审查”的当事人，按分数从高到低排列。分数和指标来自存储的评估结果，不在读取时重新计算。'),
    el('div', { class: 'filters' }, el('label', { for: 'queue-state' }, '名录状态'), select),
    page.items.length === 0
      ? el('p', { class: 'empty' }, '当前筛选条件下没有需审查的当事人。')
      : el(
          'table',
          { class: 'queue' },
          el('caption', {}, `第${pageNumber}页，共${page.items.length}人`),
          el(
            'thead',
            {},
            el('tr', {}, ['当事人', '分数', '级别', '名录状态', '近30日', '近365日', '命中指标', '评估时点'].map((h) => el('th', { scope: 'col' }, h))),
          ),
          el('tbody', {}, rows),
        ),
    el(
      'nav',
      { class: 'pager', 'aria-label': '分页' },
      el(
        'button',
        {
          type: 'button',
          disabled: pageNumber === 1,
          on: {
            click: () => {
              position.cursors.pop();
              refresh();
            },
          },
        },
        '上一页',
      ),
      el('span', {}, `第${pageNumber}页`),
      el(
        'button',
        {
          type: 'button',
          disabled: !page.nextCursor,
          on: {
            click: () => {
              position.cursors.push(page.nextCursor);
              refresh();
            },
          },
        },
        '下一页',
      ),
    ),
  );
}

/** Signing out forgets where the previous person was. */
export function resetQueue() {
  position.state = '';
  position.cursors = [null];
}
