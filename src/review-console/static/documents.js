/**
 * An entry's documents (告知书, 决定书, 移出 documents): print each with its print stylesheet,
 * download its PDF, and record how and when it reached the person (送达).
 */
import { getBlob, getHtml, getJson, postJson } from './api.js';
import { announce, el, errorBox, formatTime, maskText } from './dom.js';
import { printHtml } from './notice.js';

/** As the service accepts them (src/documents/document.ts). */
const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '委托送达', '公告送达'];
const HUMAN = ['reviewer', 'supervisor'];

/** Today in Shanghai, YYYY-MM-DD: the latest date a service can have happened. */
function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const docPath = (doc, what) => `/v1/registry/documents/${encodeURIComponent(doc.id)}/${what}`;

/** The documents section of an entry; `onChange()` runs after a service is recorded. */
export function documentsSection(entry, { user, onChange }) {
  const body = el('div', {}, el('p', {}, '正在加载文书…'));
  const section = el('section', { 'aria-labelledby': 'documents-title', class: 'documents' }, el('h4', { id: 'documents-title' }, '文书'), body);

  async function load() {
    try {
      const { items } = await getJson(`/v1/registry/entries/${encodeURIComponent(entry.id)}/documents`);
      body.replaceChildren(
        items.length === 0
          ? el('p', { class: 'empty' }, '尚未制发文书。批准告知书、作出列入决定、移出名录时，系统按本局模板制发并编号。')
          : el(
              'table',
              { class: 'documents' },
              el('thead', {}, el('tr', {}, ['文书', '文号', '制发', '送达', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
              el('tbody', {}, items.map(row)),
            ),
        ...items.filter((d) => !d.service && HUMAN.includes(user.role)).map(serviceForm),
      );
    } catch (err) {
      body.replaceChildren(errorBox(err, '无法加载文书'));
    }
  }

  function row(doc) {
    const status = el('div', { class: 'doc-status', role: 'status' });
    const print = el('button', { type: 'button' }, '打印');
    const pdf = el('button', { type: 'button' }, '下载 PDF');
    print.addEventListener('click', async () => {
      status.replaceChildren();
      try {
        printHtml(await getHtml(docPath(doc, 'html')));
      } catch (err) {
        status.replaceChildren(errorBox(err, '无法打印'));
      }
    });
    pdf.addEventListener('click', async () => {
      pdf.disabled = true;
      status.replaceChildren(el('p', {}, '正在生成 PDF…'));
      try {
        const blob = await getBlob(docPath(doc, 'pdf'), 'application/pdf');
        const url = URL.createObjectURL(blob);
        const link = el('a', { href: url, download: `${doc.number}.pdf`, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.replaceChildren();
      } catch (err) {
        status.replaceChildren(errorBox(err, '无法下载 PDF'));
      } finally {
        pdf.disabled = false;
      }
    });
    const s = doc.service;
    return el(
      'tr',
      { 'data-document': doc.kind },
      el('td', {}, doc.title),
      el('td', {}, doc.number),
      el('td', {}, `${formatTime(doc.createdAt)}（${doc.createdBy === 'system' ? '系统' : doc.createdBy}）`),
      el('td', {}, s ? `${s.method}，${s.servedOn}${s.note ? `（${maskText(s.note)}）` : ''}；${s.recordedBy} 登记` : '未登记'),
      el('td', { class: 'doc-actions' }, print, ' ', pdf, status),
    );
  }

  function serviceForm(doc) {
    const id = (part) => `service-${doc.id}-${part}`;
    const errors = el('div', { class: 'form-errors' });
    const submit = el('button', { type: 'submit' }, '登记送达');
    const form = el(
      'form',
      { class: 'action', method: 'post', 'aria-labelledby': id('title') },
      el('h5', { id: id('title') }, `登记送达：${doc.title}（${doc.number}）`),
      el(
        'div',
        { class: 'field' },
        el('label', { for: id('method') }, '送达方式'),
        el('select', { id: id('method'), name: 'method', required: true }, SERVICE_METHODS.map((m) => el('option', { value: m }, m))),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: id('date') }, '送达日期'),
        el('input', { id: id('date'), name: 'servedOn', type: 'date', required: true, max: shanghaiToday(), min: doc.createdAt.slice(0, 10) }),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: id('note') }, '备注（如邮件号、签收人；可不填）'),
        el('textarea', { id: id('note'), name: 'note', maxlength: '2000', rows: '2' }),
      ),
      submit,
      errors,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const fields = form.elements;
      const note = fields.namedItem('note').value.trim();
      const payload = { method: fields.namedItem('method').value, servedOn: fields.namedItem('servedOn').value, ...(note ? { note } : {}) };
      submit.disabled = true;
      errors.replaceChildren();
      try {
        await postJson(docPath(doc, 'service'), payload);
        announce(`已登记送达：${doc.title}（${doc.number}），${payload.method}，${payload.servedOn}。`);
        await onChange();
      } catch (err) {
        errors.replaceChildren(errorBox(err));
        submit.disabled = false;
      }
    });
    return form;
  }

  load();
  return section;
}
