/**
 * Document templates: Liquid files a bureau edits without touching code (templates/documents/,
 * or its own copy named by SIEVE_DOCUMENT_TEMPLATES). Liquid runs no JavaScript, so a template is
 * data, not code; every `{{ output }}` is HTML-escaped (control characters made visible, as
 * everywhere Sieve renders HTML), and variables or filters a template misspells are errors.
 *
 * The files are read once at start and every template is rendered with a sample document then,
 * so a broken edit stops the service at start-up with the file and line, rather than failing the
 * approval of a notice later. Edits take effect at the next start; documents already issued keep
 * the HTML they were issued with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { escapeHtml } from '../shared/html.js';
import { DOCUMENT_KINDS, type DocumentKind } from './document.js';
import { chineseDate, chineseNumber } from './format.js';
import type { DocumentContext } from './contexts.js';

export interface DocumentTemplates {
  render(kind: DocumentKind, context: DocumentContext): string;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function loadDocumentTemplates(dir: string, sample: (kind: DocumentKind) => DocumentContext): DocumentTemplates {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.liquid'));
  } catch (err) {
    throw new TemplateError(`Cannot read the document templates in ${dir}: ${(err as Error).message}`);
  }
  const missing = DOCUMENT_KINDS.filter((k) => !names.includes(`${k}.liquid`));
  if (missing.length) throw new TemplateError(`The document templates in ${dir} lack ${missing.map((k) => `${k}.liquid`).join(', ')}.`);

  const liquid = new Liquid({
    templates: Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')])),
    extname: '.liquid',
    outputEscape: escapeHtml,
    strictVariables: true,
    strictFilters: true,
    // `{% if x %}` on a key that is absent is simply false; printing it is still an error.
    lenientIf: true,
    ownPropertyOnly: true,
    cache: true,
  });
  liquid.registerFilter('cn_date', (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? chineseDate(v) : v));
  liquid.registerFilter('cn_number', (v: unknown) => (typeof v === 'number' ? chineseNumber(v) : v));

  const render = (kind: DocumentKind, context: DocumentContext): string => {
    try {
      return liquid.renderFileSync(kind, context) as string;
    } catch (err) {
      throw new TemplateError(`The document template ${kind}.liquid in ${dir} failed: ${(err as Error).message}`);
    }
  };
  for (const kind of DOCUMENT_KINDS) render(kind, sample(kind));
  return { render };
}
