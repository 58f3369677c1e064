/**
 * Verifies the audit chain in the database: every record's hash covers its position and content
 * and names its predecessor's hash. Exits 0 when intact, 2 with the first break otherwise.
 *   npm run audit:verify                       (uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service)
 *   npm run audit:verify -- --anchor 120:ab12…  (also: record 120 must still exist with this hash)
 * A chain cut off at its end still links up; the printed head (seq:hash), kept outside the
 * database, is the anchor that makes such a truncation detectable later.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/storage/sqlite.js';
import { createSqliteStore } from '../src/storage/store.js';
import { verifyChain, type AuditRecord } from '../src/registry/audit.js';
import { runCli } from './lib/cli.js';

await runCli('Usage: npm run audit:verify [-- --anchor <seq>:<hash>]', async () => {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } } });
  const config = loadConfig();
  const store = createSqliteStore(openSqlite({ path: config.dbPath }));
  try {
    const records: AuditRecord[] = [];
    for (let after = 0; ; ) {
      const page = await store.read.audit.scan(after, 10_000);
      if (!page.length) break;
      records.push(...page);
      after = page[page.length - 1].seq;
    }
    const { checked, broken } = verifyChain(records);
    if (broken) {
      process.stderr.write(`Audit chain BROKEN at record ${broken.seq}: ${broken.problem}. ${checked} record(s) before it verified.\n`);
      process.exitCode = 2;
      return;
    }
    const head = records.at(-1);
    if (values.anchor) {
      const [seq, hash] = values.anchor.split(':');
      const anchored = records.find((r) => r.seq === Number(seq));
      if (!anchored || anchored.hash !== hash) {
        process.stderr.write(`Audit chain BROKEN: anchor record ${seq} ${anchored ? 'has another hash' : 'is missing'} (records were removed or rewritten).\n`);
        process.exitCode = 2;
        return;
      }
    }
    process.stdout.write(`Audit chain intact: ${checked} record(s) verified. Head: ${head ? `${head.seq}:${head.hash}` : 'empty'}\n`);
  } finally {
    store.close();
  }
});
