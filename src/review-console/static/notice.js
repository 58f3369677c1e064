/**
 * Showing and printing documents the server renders (notices, decisions; escaped there). The HTML
 * is parsed into an inert <template> — nothing in it runs or loads — and its nodes are moved into
 * an iframe sandboxed without allow-scripts, so it cannot run, submit forms or navigate the console
 * either. The page's Trusted Types policy makes this module the only place allowed to parse HTML.
 */
import { getHtml } from './api.js';
import { el } from './dom.js';

const passThrough = { createHTML: (html) => html };
const policy = window.trustedTypes ? window.trustedTypes.createPolicy('sieve-notice', passThrough) : passThrough;

/**
 * Fills `frame` with a document. The frame's document inherits the console's CSP, which refuses
 * inline <style>; the document's rules (print stylesheet included) go in as a constructed
 * stylesheet instead (CSSOM is not subject to style-src). Filling and styling the frame from here
 * needs its document, hence allow-same-origin — still without scripts.
 */
function fill(frame, html) {
  const template = document.createElement('template');
  template.innerHTML = policy.createHTML(html);
  const content = template.content;
  const styles = [...content.querySelectorAll('style')];
  const title = content.querySelector('title')?.textContent || '文书预览';
  content.querySelectorAll('style, title, meta').forEach((node) => node.remove());
  const doc = frame.contentDocument;
  const sheet = new frame.contentWindow.CSSStyleSheet();
  sheet.replaceSync(styles.map((s) => s.textContent).join('\n'));
  doc.adoptedStyleSheets = [sheet];
  doc.documentElement.lang = 'zh-CN';
  doc.title = title;
  doc.body.replaceChildren(doc.importNode(content, true));
  return title;
}

/** Shows a document's HTML in `holder`. */
export function showHtml(holder, html) {
  const frame = el('iframe', { class: 'notice', sandbox: 'allow-same-origin' });
  holder.replaceChildren(frame);
  frame.title = fill(frame, html);
  return frame;
}

/** Fetches an entry's notice (a draft while proposed) and shows it in `holder`. */
export async function showNotice(holder, entryId) {
  showHtml(holder, await getHtml(`/v1/registry/entries/${encodeURIComponent(entryId)}/notice`));
}

let printFrame = null;

/**
 * Prints a document with its own print stylesheet from a hidden frame: allow-modals lets the
 * console open the print dialog for it; scripts inside stay off.
 */
export function printHtml(html) {
  printFrame?.remove();
  printFrame = el('iframe', { class: 'print-frame', sandbox: 'allow-same-origin allow-modals', 'aria-hidden': 'true', tabindex: '-1' });
  document.body.append(printFrame);
  printFrame.title = fill(printFrame, html);
  printFrame.contentWindow.print();
  return printFrame;
}
