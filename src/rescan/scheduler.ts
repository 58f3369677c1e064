/**
 * Every SIEVE_SCHEDULE_INTERVAL seconds (0 = off; the first run one interval after start, never at
 * start): apply registry expiry, record API keys that expired, then queue a rescan under the active
 * rules as of that moment.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RegistryService } from '../registry/registry.service.js';
import type { RescanService } from './rescan.service.js';

export function startScheduler(deps: {
  intervalSeconds: number;
  registry: Pick<RegistryService, 'expireDue'>;
  /** Audits the expiry of keys that reached it; returns how many. */
  expireKeys: () => Promise<number>;
  rescans: Pick<RescanService, 'start' | 'ensureNoneActive'>;
  log: FastifyBaseLogger;
}): () => void {
  if (deps.intervalSeconds <= 0) return () => undefined;
  const tick = async () => {
    try {
      const expired = await deps.registry.expireDue();
      const keys = await deps.expireKeys();
      deps.log.info({ expired, keys }, 'scheduled expiry run');
      await deps.rescans.ensureNoneActive();
      const { id } = await deps.rescans.start({}, 'system');
      deps.log.info({ rescanId: id }, 'scheduled rescan queued');
    } catch (err) {
      deps.log.warn({ err }, 'scheduled run skipped');
    }
  };
  const timer = setInterval(() => void tick(), deps.intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
