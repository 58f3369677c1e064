/**
 * A hot backup of the database while the service runs (SQLite's online backup API):
 *   npm run backup -- --to /backups/sieve-2026-12-02.db [--page-size 8192]
 * With --page-size the copy is written afresh with pages of that size (VACUUM INTO): restored, it
 * converts an installation created with another page size (docs/operations.md).
 * Uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service. The copy is checked before the command
 * ends: its audit chain with the audit key, its complaint count and its chain head are printed.
 * The copy is useless without the keys (pii.key, audit.key), and dangerous with them: keep the
 * keys escrowed apart from the backups (docs/operations.md, "Backup and restore").
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPageSize, loadConfig } from '../src/config.js';
import { verifyChain } from '../src/registry/audit-verify.js';
import { loadOrCreateAuditKey } from '../src/storage/data-dir.js';
import { backupDatabase, openReadStore, pageSizeOf } from '../src/storage/open-store.js';
import { runCli, UsageError } from './lib/cli.js';
import { progressReporter } from './lib/progress.js';

await runCli('Usage: npm run backup -- --to <file> [--page-size <bytes>]', async () => {
  const { values } = parseArgs({ options: { to: { type: 'string' }, 'page-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) throw new UsageError('');
  if (!values.to) throw new UsageError('--to names the file to write the backup to.');
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && !isPageSize(pageSize))
    throw new UsageError(`--page-size must be a power of two from 512 to 65536 (got "${values['page-size']}").`);
  const config = loadConfig();
  if (config.dbPath === ':memory:' || !existsSync(config.dbPath)) throw new UsageError(`There is no database at ${config.dbPath}.`);
  if (existsSync(values.to)) throw new UsageError(`${values.to} exists already; a backup never overwrites a file.`);
  if (pageSize && existsSync(`${values.to}.partial`))
    throw new UsageError(`${values.to}.partial is left from a copy that was interrupted; remove it and run the command again.`);

  const bar = progressReporter('backup');
  const started = Date.now();
  await backupDatabase(config, values.to, (done, total) => bar.update(done, total), pageSize);
  bar.stop();

  const copy = openReadStore(values.to);
  try {
    const chain = await verifyChain(copy.read, { key: loadOrCreateAuditKey(config), anchors: [] });
    if (chain.problems.length) {
      const first = chain.problems[0];
      throw new Error(
        `The backup was written to ${values.to}, but its audit trail fails its check (${first.subject}: ${first.problem}); run npm run audit:verify on the live database.`,
      );
    }
    const complaints = await copy.read.complaints.count();
    const mb = (statSync(values.to).size / 1_048_576).toFixed(1);
    const pages = pageSizeOf(values.to);
    process.stdout.write(
      `Backup written to ${values.to} (${mb} MB, pages of ${pages} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s): ${complaints} complaint(s); ` +
        `audit trail of ${chain.checked} record(s) verified with the audit key, head ${chain.head ? `${chain.head.seq}:${chain.head.hash}` : 'empty'}.\n`,
    );
  } finally {
    copy.close();
  }
});
