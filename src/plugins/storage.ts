/** Opens the database (migrations applied), exposes the store, and closes it last on shutdown. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../storage/ports.js';
import { openStore } from '../storage/open-store.js';
import type { AuditSeal } from '../registry/audit.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** The key audit records are authenticated with, and the refusal set when the chain is broken. */
    auditSeal: AuditSeal;
  }
}

export default fp(
  async function storage(app: FastifyInstance) {
    const { store, auditSeal, tightened, pageSize } = openStore(app.config, app.log);
    if (tightened.length) app.log.warn({ paths: tightened }, 'permissions tightened to owner-only (folders 0700, files 0600)');
    if (pageSize !== app.config.sqlitePageSize)
      app.log.info(
        { pageSize, configured: app.config.sqlitePageSize },
        'the database keeps the page size it was created with; a copy made by npm run backup -- --page-size converts it (docs/operations.md)',
      );
    app.decorate('store', store);
    app.decorate('auditSeal', auditSeal);
    app.addHook('onClose', async () => {
      // Let a transaction already queued finish before the connection goes away.
      await store.write(async () => undefined).catch(() => undefined);
      store.close();
      app.log.info('database closed');
    });
    app.log.info({ db: app.config.dbPath }, 'database ready (migrations applied)');
  },
  { name: 'storage', dependencies: ['core'] },
);
