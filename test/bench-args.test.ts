/**
 * A benchmark given an option it does not know names it, prints its usage with the defaults, and
 * exits with 64, as the other scripts do, instead of ending in node's stack trace: every benchmark
 * that takes options.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BENCH = 'scripts/bench';

// node with tsx's loader rather than `npx tsx`: the same script, without npx and tsx's own CLI
// process in front of it (~1.2 s a script of this file's minute).
const failing = (script: string) =>
  run(process.execPath, ['--import', 'tsx', script, '--recrods', '5']).then(
    () => null,
    (err: { code: number; stderr: string }) => err,
  );

t.test('an unknown option: its name, the usage, exit code 64', async (t) => {
  const scripts = readdirSync(BENCH)
    .map((f) => join(BENCH, f))
    .flatMap((file) => {
      const command = /benchArgs\('([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1];
      return command ? [{ file, command }] : [];
    });
  t.ok(scripts.length >= 10, `${scripts.length} benchmarks take options`);
  // Two at a time: each is a TypeScript start of its own.
  const results: Array<Awaited<ReturnType<typeof failing>>> = [];
  for (let i = 0; i < scripts.length; i += 2) results.push(...(await Promise.all(scripts.slice(i, i + 2).map((s) => failing(s.file)))));
  for (const [i, { file, command }] of scripts.entries()) {
    const failed = results[i];
    t.equal(failed?.code, 64, `${file} exits with 64`);
    t.match(failed?.stderr, "Unknown option '--recrods'", `${file} names the option`);
    t.match(failed?.stderr, `Usage: ${command} -- [--`, `${file} prints its usage`);
    t.notMatch(failed?.stderr, /\n\s+at /, `${file}: no stack trace`);
  }
});

t.test('the usage shows the defaults', async (t) => {
  t.match((await failing(`${BENCH}/audit.ts`))?.stderr, 'Usage: npm run bench:audit -- [--records <200000>]');
  t.match(
    (await failing(`${BENCH}/filers.ts`))?.stderr,
    'Usage: npm run bench:filers -- [--data <value>] [--from <value>] [--count <15000>] [--warm <0>] [--slowest <0>]',
  );
  t.match((await failing(`${BENCH}/intake.ts`))?.stderr, '[--slowest <0>] [--warm <0>]', 'npm run bench can warm up before it measures');
});
