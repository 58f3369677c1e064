/**
 * Tests that need Chromium (the console in a browser, PDFs printed by the service): Debian's
 * /usr/bin/chromium. Without it they are skipped with a message that says why, and fail instead
 * when CI_REQUIRE_BROWSER is set, because in CI they are part of what a run proves.
 */
import t, { type Test } from 'tap';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Runs `fn` as a subtest when Chromium is installed; otherwise skips it saying why (or fails in CI). */
export function withChromium(name: string, what: string, fn: (t: Test) => Promise<void>): void {
  const missing = `${CHROMIUM} is missing (Debian package chromium): ${what} cannot run`;
  if (existsSync(CHROMIUM)) void t.test(name, fn);
  else if (process.env.CI_REQUIRE_BROWSER) t.fail(missing);
  else void t.test(name, { skip: missing }, async () => undefined);
}
