/**
 * A benchmark given an option it does not know names it, prints its usage with the defaults, and
 * exits with 64, as the other scripts do, instead of ending in node's stack trace.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

t.test('an unknown option: its name, the usage, exit code 64', async (t) => {
  for (const [script, usage] of [
    ['scripts/bench/audit.ts', 'Usage: npm run bench:audit -- [--records <200000>]'],
    ['scripts/bench/filers.ts', 'Usage: npm run bench:filers -- [--data <value>] [--from <value>] [--count <15000>] [--warm <0>] [--slowest <0>]'],
  ]) {
    const failed = await run('npx', ['tsx', script, '--recrods', '5']).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    t.equal(failed?.code, 64, `${script} exits with 64`);
    t.match(failed?.stderr, "Unknown option '--recrods'", 'names the option');
    t.match(failed?.stderr, usage, 'prints the usage');
    t.notMatch(failed?.stderr, /\n\s+at /, 'no stack trace');
  }
});
