/**
 * PDFs printed by Chromium from a document's frozen HTML, so the PDF and the print-out from the
 * console come from the same markup and print stylesheet.
 *
 * One browser per document, closed afterwards: documents are few (a bureau issues tens a day), and
 * a fresh process cannot inherit a crashed or wedged one's state, so a failure costs one PDF, which
 * is rendered again on the next request for it. The page gets no scripts and no network: the
 * HTML is self-contained (inline styles only), and nothing in it may fetch or run.
 */

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
}

const ARGS = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'];

export function createPdfRenderer(opts: { executablePath: string; timeoutMs: number }): PdfRenderer {
  return {
    async render(html) {
      // Loaded on the first PDF, not at start: playwright-core takes ~0.6 s to load, which every
      // service start, import and test process paid while only document downloads use it.
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: opts.executablePath, args: ARGS, timeout: opts.timeoutMs });
      const timer = setTimeout(() => void browser.close().catch(() => undefined), opts.timeoutMs);
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load', timeout: opts.timeoutMs });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false, tagged: true });
      } finally {
        clearTimeout(timer);
        await browser.close().catch(() => undefined);
      }
    },
  };
}
