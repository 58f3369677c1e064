/**
 * A complainant's complaints over time as an inline SVG bar chart, drawn here so the page loads
 * nothing from elsewhere. Complaints counted by a profit finding are stacked apart from the rest:
 * money-seeking is what separates abuse from diligence, and a reviewer should see when it began.
 */
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 12, bottom: 40 };
const DAY_MS = 86_400_000;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Dates are the YYYY-MM-DD of +08:00 times, so whole-day arithmetic in UTC is exact. */
const dayNumber = (date) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthNumber = (date) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** Days, weeks or months, whichever keeps the chart to about 60 bars or fewer. */
function bucketsFor(dates) {
  const days = dates.map(dayNumber);
  const first = Math.min(...days);
  const span = Math.max(...days) - first;
  if (span < 60) return { unit: '日', count: span + 1, keyOf: (d) => dayNumber(d) - first, labelOf: (k) => dateOf(first + k) };
  if (span < 420) {
    return { unit: '周', count: Math.floor(span / 7) + 1, keyOf: (d) => Math.floor((dayNumber(d) - first) / 7), labelOf: (k) => `${dateOf(first + 7 * k)}起一周` };
  }
  const months = dates.map(monthNumber);
  const m0 = Math.min(...months);
  return {
    unit: '月',
    count: Math.max(...months) - m0 + 1,
    keyOf: (d) => monthNumber(d) - m0,
    labelOf: (k) => `${Math.floor((m0 + k) / 12)}-${String(((m0 + k) % 12) + 1).padStart(2, '0')}`,
  };
}

/** complaints: [{ id, receivedAt }]; profitIds: the ids any profit finding counted. */
export function timelineChart(complaints, profitIds) {
  if (complaints.length === 0) return el('p', {}, '暂无投诉记录。');
  const dates = complaints.map((c) => c.receivedAt.slice(0, 10));
  const scale = bucketsFor(dates);
  const bars = Array.from({ length: scale.count }, () => ({ profit: 0, other: 0 }));
  complaints.forEach((c, i) => bars[scale.keyOf(dates[i])][profitIds.has(c.id) ? 'profit' : 'other']++);
  const max = Math.max(...bars.map((b) => b.profit + b.other));
  const profit = complaints.filter((c) => profitIds.has(c.id)).length;

  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / scale.count;
  const y = (n) => PAD.top + plotHeight - (n / max) * plotHeight;
  const sorted = [...dates].sort();
  const summary = `共${complaints.length}件，${sorted[0]}至${sorted[sorted.length - 1]}，按${scale.unit}统计，单${scale.unit}最多${max}件；其中${profit}件计入牟利类指标。`;

  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': 'timeline-title timeline-desc', class: 'timeline' },
    svg('title', { id: 'timeline-title' }, '投诉时间分布'),
    svg('desc', { id: 'timeline-desc' }, summary),
    svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'axis' }),
    svg('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: y(0), class: 'axis' }),
    svg('text', { x: PAD.left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, String(max)),
    svg('text', { x: PAD.left - 6, y: y(0), 'text-anchor': 'end', class: 'tick' }, '0'),
    svg('text', { x: PAD.left, y: HEIGHT - 14, 'text-anchor': 'start', class: 'tick' }, scale.labelOf(0)),
    scale.count > 1 ? svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 14, 'text-anchor': 'end', class: 'tick' }, scale.labelOf(scale.count - 1)) : null,
  );
  bars.forEach((b, k) => {
    if (b.profit + b.other === 0) return;
    const width = Math.max(1, Math.min(step * 0.8, 40));
    const x = PAD.left + k * step + (step - width) / 2;
    const group = svg('g', {}, svg('title', {}, `${scale.labelOf(k)}：${b.profit + b.other}件（牟利类${b.profit}件）`));
    if (b.other) group.append(svg('rect', { x, width, y: y(b.other), height: y(0) - y(b.other), class: 'bar-other' }));
    if (b.profit) group.append(svg('rect', { x, width, y: y(b.other + b.profit), height: y(b.other) - y(b.other + b.profit), class: 'bar-profit' }));
    chart.append(group);
  });

  return el(
    'figure',
    { class: 'chart' },
    chart,
    el(
      'figcaption',
      {},
      el('span', { class: 'key key-profit', 'aria-hidden': 'true' }),
      '计入牟利类指标的投诉 ',
      el('span', { class: 'key key-other', 'aria-hidden': 'true' }),
      '其他投诉。',
      summary,
    ),
  );
}
