/**
 * Audit-trail benchmark (docs/performance.md):
 *   npm run bench:audit -- [--records 200000]
 * Appends that many audit records to a fresh database (in write transactions of 5,000, as a busy
 * registry would over years), then times the check the service runs at every start (the whole
 * chain with the key and the anchors) and `npm run audit:verify`'s full verification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/storage/open-store.js';
import { guardAuditChain } from '../../src/registry/audit-guard.js';
import { verifyAudit } from '../../src/registry/audit-verify.js';
import { progressReporter } from '../lib/progress.js';
import { benchArgs, machine } from './lib.js';

const values = benchArgs('npm run bench:audit', { records: { type: 'string', default: '200000' } });
const total = Number(values.records);
if (!Number.isInteger(total) || total < 1) throw new Error('--records takes a whole number above 0');
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);

const dir = mkdtempSync(join(tmpdir(), 'sieve-bench-audit-'));
try {
  const config = loadConfig({ SIEVE_DATA_DIR: dir, SIEVE_PII_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent' });
  const { store, auditSeal } = openStore(config);
  const bar = progressReporter('append');
  let started = performance.now();
  for (let i = 0; i < total; i += 5000)
    await store.write(async (tx) => {
      for (let j = i; j < Math.min(total, i + 5000); j++)
        await tx.audit.append({
          entityType: 'registry_entry',
          entityId: `r_${j % 20_000}`,
          action: 'claim',
          actor: 'rev-alice',
          at: 1_780_000_000_000 + j,
          reason: '审查',
          fromState: 'flagged',
          toState: 'under_review',
          data: { complainantId: `p_${j}` },
        });
      bar.update(Math.min(total, i + 5000), total);
    });
  bar.stop();
  const per = (ms: number) => `${((ms * 1000) / total).toFixed(1)} µs a record`;
  let ms = performance.now() - started;
  say(`Appended ${total} records in ${(ms / 1000).toFixed(1)} s (${per(ms)}: hash, key, insert).`);

  const quiet = { info() {}, warn() {}, error() {} };
  started = performance.now();
  const check = await guardAuditChain({ store, seal: auditSeal, anchorFile: config.auditAnchorFile, log: quiet, now: Date.now });
  ms = performance.now() - started;
  say(`Start-up check of the whole chain: ${(ms / 1000).toFixed(2)} s (${per(ms)}); ${check.problems.length} problem(s).`);

  started = performance.now();
  const report = await verifyAudit(store.read, { key: auditSeal.key, anchors: [] });
  ms = performance.now() - started;
  // The records name entries that have no rows here: only the chain part of the report is clean.
  say(`audit:verify (chain, anchors, entry histories): ${(ms / 1000).toFixed(2)} s (${per(ms)}); ${report.checked} records checked.`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
