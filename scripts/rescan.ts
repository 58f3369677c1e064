/**
 * Re-evaluates every complainant from the command line, with the same code as POST /v1/rescans.
 *   npm run rescan -- [--dry-run] [--rule-set v2 | --rule-set-file rules.json] [--as-of <time>] [--json]
 *   npm run rescan -- --resume <rescan id>
 * Uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service. Prints the readable summary (or the whole
 * diff with --json); exits non-zero when the rescan fails.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/storage/open-store.js';
import { guardAuditChain } from '../src/registry/audit-guard.js';
import { createRuleSetService } from '../src/detection/rules.service.js';
import { createRescanService } from '../src/rescan/rescan.service.js';
import { runCli, UsageError } from './lib/cli.js';
import { progressReporter } from './lib/progress.js';

const USAGE = `Usage:
  npm run rescan -- [--dry-run] [--rule-set <version> | --rule-set-file <file.json>] [--as-of <RFC 3339 time>] [--json]
  npm run rescan -- --resume <rescan id>`;

await runCli(USAGE, async () => {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      'rule-set': { type: 'string' },
      'rule-set-file': { type: 'string' },
      'as-of': { type: 'string' },
      resume: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('');
  if (values['rule-set'] && values['rule-set-file']) throw new UsageError('Give --rule-set or --rule-set-file, not both.');
  let ruleSet: string | Record<string, unknown> | undefined = values['rule-set'];
  if (values['rule-set-file']) {
    try {
      ruleSet = JSON.parse(readFileSync(values['rule-set-file'], 'utf8'));
    } catch (err) {
      throw new UsageError(`Cannot read ${values['rule-set-file']} as JSON: ${(err as Error).message}`);
    }
  }

  const config = loadConfig();
  const { store, auditSeal } = openStore(config);
  // Log lines go to stderr as JSON; the bar (or periodic lines without a terminal) shows progress.
  const log = pino({ level: process.stderr.isTTY ? 'warn' : 'info' }, pino.destination(2));
  await guardAuditChain({ store, seal: auditSeal, anchorFile: config.auditAnchorFile, log, now: Date.now });
  const bar = progressReporter('rescan');
  const rules = createRuleSetService(store, Date.now);
  await rules.ensureDefault();
  const rescans = createRescanService({
    store,
    rules,
    now: Date.now,
    log,
    dbPath: config.dbPath,
    workers: config.rescanWorkers,
    onProgress: (p) => bar.update(p.done, p.total),
  });
  try {
    let id = values.resume;
    if (id) {
      const existing = await rescans.get(id);
      if (existing.state === 'done') throw new Error(`Rescan ${id} is already done.`);
      await rescans.resume();
    } else {
      ({ id } = await rescans.start({ dryRun: values['dry-run'], ruleSet, asOf: values['as-of'] }, 'system'));
      await rescans.idle();
    }
    bar.stop();
    const result = await rescans.get(id);
    if (result.state !== 'done') throw new Error(`Rescan ${id} ${result.state}: ${result.error ?? 'see the log'}`);
    const diff = result.diff as { summary: string };
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${diff.summary}\nRescan id: ${id}\n`);
  } finally {
    bar.stop();
    await rescans.close();
    store.close();
  }
});
