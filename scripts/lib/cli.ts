/** Shared shell for command-line scripts: clear messages and non-zero exits on failure. */
import { ConfigError } from '../../src/config.js';

export class UsageError extends Error {}

export async function runCli(usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) process.stderr.write(`${err.message}\n\n`);
      process.stderr.write(`${usage}\n`);
      process.exitCode = err.message ? 64 : 0;
    } else if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 78;
    } else {
      process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
