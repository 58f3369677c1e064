/**
 * Re-evaluates every complainant from the command line, with the same code as POST /v1/rescans.
 *   npm run rescan -- [--dry-run] [--rule-set v2 | --rule-set-file rules.json] [--as-of <time>] [--json]
 *   npm run rescan -- --resume <rescan id>
 * Uses SIEVE_DATA_DIR / SIEVE_DB_PATH like the service. Prints the readable summary (or the whole
 * diff with --json); exits non-zero when the rescan fails.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { runCli, UsageError } from './lib/cli.js';
import { runRescan } from './lib/run-rescan.js';

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

  const { id, result } = await runRescan(loadConfig(), {
    resume: values.resume,
    request: { dryRun: values['dry-run'], ruleSet, asOf: values['as-of'] },
  });
  const diff = result.diff as { summary: string };
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${diff.summary}\nRescan id: ${id}\n`);
});
