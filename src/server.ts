/** Entry point: read configuration, build the app, listen, and shut down gracefully on signals. */
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildApp } from './app.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, { logger });

  // Readiness turns 503 and the listener closes at once; requests already received are answered in
  // full, new ones on open connections get 503 with Connection: close, a running rescan stops after
  // its current write batch; then the database is checkpointed and closed (onClose hooks). Past
  // SIEVE_SHUTDOWN_TIMEOUT the process exits anyway: clients then see their connection closed, and
  // replaying a batch is safe (idempotent by externalId).
  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    try {
      await app.close();
    } catch (closeErr) {
      logger.error({ err: closeErr }, 'shutdown did not complete cleanly');
      throw closeErr;
    }
  });

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  process.stderr.write(`Sieve failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
