/**
 * Verifies the audit trail in the database with the audit key (SIEVE_AUDIT_KEY, or audit.key in
 * the data folder):
 *   - every record's hash covers its position and content and names its predecessor's hash, and its
 *     key authentication holds (an edited, deleted, swapped, forged or recomputed record is named);
 *   - every anchor in the anchor file (SIEVE_AUDIT_ANCHOR_FILE, default audit-anchors.log in the
 *     data folder) still matches the chain, so records cut off its end are caught;
 *   - every registry entry's state, deadline, term, measures and decision are what its own audit
 *     history says.
 *   npm run audit:verify                        (uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service)
 *   npm run audit:verify -- --anchor 120:ab12…   (also: record 120 must still exist with this hash)
 * Exits 0 when everything holds, 2 with one line per problem otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { AUDIT_KEY_FILE } from '../src/storage/data-dir.js';
import { openStore } from '../src/storage/open-store.js';
import { readAnchors } from '../src/registry/audit-anchors.js';
import { verifyAudit } from '../src/registry/audit-verify.js';
import { runCli, UsageError } from './lib/cli.js';

await runCli('Usage: npm run audit:verify [-- --anchor <seq>:<hash>]', async () => {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } } });
  const config = loadConfig();
  if (config.dbPath === ':memory:' || !existsSync(config.dbPath)) throw new UsageError(`There is no database at ${config.dbPath}.`);
  if (!config.auditKeyHex && !existsSync(join(config.dataDir, AUDIT_KEY_FILE)))
    throw new Error(
      `The audit key is missing: set SIEVE_AUDIT_KEY or restore ${join(config.dataDir, AUDIT_KEY_FILE)}; without it no record can be authenticated.`,
    );
  const anchors = readAnchors(config.auditAnchorFile);
  if (values.anchor) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor);
    if (!m) throw new UsageError('--anchor takes <seq>:<hash> as printed by an earlier run');
    anchors.anchors.push({ seq: Number(m[1]), hash: m[2], mac: null, at: Date.now() });
  }
  const { store, auditSeal } = openStore(config);
  try {
    const report = await verifyAudit(store.read, { key: auditSeal.key, anchors: anchors.anchors });
    const problems = [...anchors.problems, ...report.problems];
    if (problems.length) {
      process.stderr.write(`Audit trail BROKEN: ${problems.length} problem(s).\n`);
      for (const p of problems) process.stderr.write(`  ${p.subject}: ${p.problem}\n`);
      process.stderr.write(
        `${report.checked} record(s), ${report.entries} registry entr${report.entries === 1 ? 'y' : 'ies'} and ${anchors.anchors.length} anchor(s) checked.\n`,
      );
      process.exitCode = 2;
      return;
    }
    const head = report.head;
    process.stdout.write(
      `Audit trail intact: ${report.checked} record(s), ${report.entries} registry entr${report.entries === 1 ? 'y' : 'ies'} and ` +
        `${anchors.anchors.length} anchor(s) verified. Head: ${head ? `${head.seq}:${head.hash}` : 'empty'}\n`,
    );
  } finally {
    store.close();
  }
});
