/**
 * Test harness: a real app on real migrations in a fresh temporary data folder, one key per role,
 * and small request helpers. Every test file builds its own apps; nothing is shared or mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { verifyAudit } from '../../src/registry/audit-verify.js';
import { readAnchors } from '../../src/registry/audit-anchors.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/ports.js';

export const TOKENS = {
  intake: 'intake-token-0123456789',
  reviewer: 'reviewer-token-0123456789',
  reviewer2: 'reviewer2-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
  supervisor2: 'supervisor2-token-0123456789',
  admin: 'admin-token-0123456789',
} as const;
export type As = keyof typeof TOKENS;

export const API_KEYS = [
  `intake:intake-1:${TOKENS.intake}`,
  `reviewer:rev-alice:${TOKENS.reviewer}`,
  `reviewer:rev-bob:${TOKENS.reviewer2}`,
  `supervisor:sup-carol:${TOKENS.supervisor}`,
  `supervisor:sup-dan:${TOKENS.supervisor2}`,
  `admin:admin-1:${TOKENS.admin}`,
].join(',');

export const PII_KEY = 'ab'.repeat(32);

interface Teardown {
  teardown(fn: () => unknown): void;
}

export function tempDir(t: Teardown, prefix = 'sieve-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A store on real migrations in a directory of its own, closed and removed after the test. */
export function tempStore(t: Teardown, prefix = 'sieve-store-'): Store {
  const { store } = openStore(loadConfig({ SIEVE_DATA_DIR: tempDir(t, prefix), LOG_LEVEL: 'silent' }));
  t.teardown(() => store.close());
  return store;
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  dir: string;
  /** Sends a request as one of the test roles (JSON body). */
  req(as: As | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  post(as: As | null, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  get(as: As | null, url: string): Promise<LightMyRequestResponse>;
  /** Every problem `npm run audit:verify` would report on this app's database, as `subject: problem`. */
  auditProblems(): Promise<string[]>;
}

export async function buildTestApp(
  t: Teardown,
  options: { env?: Record<string, string>; now?: () => number; logger?: FastifyBaseLogger; dir?: string; checkResponses?: boolean } = {},
): Promise<TestApp> {
  const dir = options.dir ?? tempDir(t);
  const config = loadConfig({
    SIEVE_DATA_DIR: dir,
    SIEVE_API_KEYS: API_KEYS,
    SIEVE_PII_KEY: PII_KEY,
    LOG_LEVEL: 'silent',
    SIEVE_SCHEDULE_INTERVAL: '0',
    SIEVE_RATE_LIMIT: '0',
    // Worker threads start slowly under the test loader; one rescan test turns them on.
    SIEVE_RESCAN_WORKERS: '0',
    // Every assessment of every test is made from the complainant's profile and checked against a
    // reading of the database (detection/profiles.ts): any difference fails the request.
    SIEVE_PROFILES: 'verify',
    ...options.env,
  });
  // Every answer must match its response schema exactly (a field the schema forgot fails the request).
  const app = await buildApp(config, { now: options.now, logger: options.logger, checkResponses: options.checkResponses ?? true });
  t.teardown(() => app.close());
  await app.ready();
  const req = (as: As | null, opts: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({ ...opts, headers: { ...(as ? { authorization: `Bearer ${TOKENS[as]}` } : {}), ...opts.headers } });
  return {
    app,
    config,
    dir,
    req,
    post: (as, url, payload) => req(as, { method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    get: (as, url) => req(as, { method: 'GET', url }),
    async auditProblems() {
      const report = await verifyAudit(app.store.read, { key: app.auditSeal.key, anchors: readAnchors(config.auditAnchorFile).anchors });
      return report.problems.map((p) => `${p.subject}: ${p.problem}`);
    },
  };
}
