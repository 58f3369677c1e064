/** Headless Chromium for the browser tests: where it is, how it is started, where screenshots go. */
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
