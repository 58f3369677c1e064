/**
 * The audit trail's guard: checked at start (a broken chain refuses registry writes), anchored
 * outside the database while the service runs and once more when it stops.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAnchoring, guardAuditChain } from '../registry/audit-guard.js';

export default fp(
  async function audit(app: FastifyInstance) {
    const deps = { store: app.store, seal: app.auditSeal, anchorFile: app.config.auditAnchorFile, log: app.log, now: app.now };
    const intact = new app.metrics.client.Gauge({
      name: 'sieve_audit_chain_intact',
      help: '1 when the audit trail passed its check at start, 0 when registry writes are refused because it did not',
    });
    await guardAuditChain(deps);
    intact.set(app.auditSeal.refusal ? 0 : 1);
    const anchoring = createAnchoring(deps);
    const anchor = () =>
      anchoring.anchor().catch((err: unknown) => app.log.error({ err, file: app.config.auditAnchorFile }, 'could not write the audit anchor'));
    await anchor();
    const every = app.config.auditAnchorIntervalSeconds;
    const timer = every > 0 ? setInterval(() => void anchor(), every * 1000).unref() : null;
    // Runs before the storage plugin closes the database (onClose hooks run last-registered first).
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await anchor();
    });
  },
  { name: 'audit', dependencies: ['storage', 'metrics'] },
);
