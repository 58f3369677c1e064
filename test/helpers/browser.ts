/** Headless Chromium for the browser tests: where it is, how it is started, where screenshots go. */
import t, { type Test } from 'tap';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = 'test-output/e2e';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Runs `fn` as a subtest when Chromium is installed; otherwise skips it saying why, or fails when
 * CI_REQUIRE_BROWSER is set, because in CI the browser tests are part of what a run proves.
 */
export function withChromium(name: string, what: string, fn: (t: Test) => Promise<void>): void {
  const missing = `${CHROMIUM} is missing (Debian package chromium): ${what} cannot run`;
  if (existsSync(CHROMIUM)) void t.test(name, fn);
  else if (process.env.CI_REQUIRE_BROWSER) t.fail(missing);
  else void t.test(name, { skip: missing }, async () => undefined);
}
