/**
 * The notice preview. The notice is HTML the server renders (escaped there). It is parsed into an
 * inert <template> — nothing in it runs or loads — and its nodes are moved into an iframe
 * sandboxed without allow-scripts, so it cannot run, submit forms or navigate the console either.
 * The page's Trusted Types policy makes this module the only place allowed to parse HTML.
 */
import { getHtml } from './api.js';
import { el } from './dom.js';

const passThrough = { createHTML: (html) => html };
const policy = window.trustedTypes ? window.trustedTypes.createPolicy('sieve-notice', passThrough) : passThrough;

/**
 * Fetches an entry's notice and shows it in `holder`. The frame's document inherits the console's
 * CSP, which refuses inline <style>; the notice's rules go in as a constructed stylesheet instead
 * (CSSOM is not subject to style-src). Filling and styling the frame from here needs its document,
 * hence allow-same-origin — still without scripts.
 */
export async function showNotice(holder, entryId) {
  const html = await getHtml(`/v1/registry/entries/${encodeURIComponent(entryId)}/notice`);
  const template = document.createElement('template');
  template.innerHTML = policy.createHTML(html);
  const notice = template.content;
  const styles = [...notice.querySelectorAll('style')];
  const title = notice.querySelector('title')?.textContent || '告知书预览';
  notice.querySelectorAll('style, title, meta').forEach((node) => node.remove());

  const frame = el('iframe', { class: 'notice', sandbox: 'allow-same-origin', title });
  holder.replaceChildren(frame);
  const doc = frame.contentDocument;
  const sheet = new frame.contentWindow.CSSStyleSheet();
  sheet.replaceSync(styles.map((s) => s.textContent).join('\n'));
  doc.adoptedStyleSheets = [sheet];
  doc.documentElement.lang = 'zh-CN';
  doc.title = title;
  doc.body.replaceChildren(doc.importNode(notice, true));
}
