/** Runs a rescan from a command-line script with a progress bar: `npm run rescan` and the import's assessment pass. */
import { pino } from 'pino';
import type { Config } from '../../src/config.js';
import { createRuleSetService } from '../../src/detection/rules.service.js';
import { guardAuditChain } from '../../src/registry/audit-guard.js';
import { createRescanService, type RescanRequest } from '../../src/rescan/rescan.service.js';
import { openStore } from '../../src/storage/open-store.js';
import { progressReporter } from './progress.js';

export interface RescanRun {
  id: string;
  result: Awaited<ReturnType<ReturnType<typeof createRescanService>['get']>>;
}

/**
 * Starts the rescan `request` (or resumes the unfinished rescan `resume`) on the configured database
 * and waits for it; throws when it does not end `done`.
 */
export async function runRescan(config: Config, opts: { request?: RescanRequest; resume?: string; label?: string }): Promise<RescanRun> {
  const { store, auditSeal } = openStore(config);
  // Log lines go to stderr as JSON; the bar (or periodic lines without a terminal) shows progress.
  const log = pino({ level: process.stderr.isTTY ? 'warn' : 'info' }, pino.destination(2));
  const bar = progressReporter(opts.label ?? 'rescan');
  const rules = createRuleSetService(store, Date.now);
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
    await guardAuditChain({ store, seal: auditSeal, anchorFile: config.auditAnchorFile, log, now: Date.now });
    await rules.ensureDefault();
    let id = opts.resume;
    if (id) {
      const existing = await rescans.get(id);
      if (existing.state === 'done') throw new Error(`Rescan ${id} is already done.`);
      await rescans.resume();
    } else {
      ({ id } = await rescans.start(opts.request ?? {}, 'system'));
      await rescans.idle();
    }
    bar.stop();
    const result = await rescans.get(id);
    if (result.state !== 'done') throw new Error(`Rescan ${id} ${result.state}: ${result.error ?? 'see the log'}`);
    return { id, result };
  } finally {
    bar.stop();
    await rescans.close();
    store.close();
  }
}
