/** Opens the database (migrations applied), exposes the store, and closes it last on shutdown. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { openSqlite } from '../storage/sqlite.js';
import { createSqliteStore, type Store } from '../storage/store.js';
import { prepareDataDir } from '../storage/data-dir.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export default fp(
  async function storage(app: FastifyInstance) {
    const tightened = prepareDataDir(app.config);
    if (tightened.length) app.log.warn({ paths: tightened }, 'permissions tightened to owner-only (folders 0700, files 0600)');
    const store = createSqliteStore(openSqlite({ path: app.config.dbPath, synchronous: app.config.synchronous }));
    app.decorate('store', store);
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
