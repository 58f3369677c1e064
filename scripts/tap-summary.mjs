#!/usr/bin/env node
/**
 * Reads a TAP stream on stdin, echoes it, and ends with "N passed, N failed" counted from the
 * test points themselves (leaf assertions; a subtest's own summary point is not counted again).
 * Usage: node scripts/tap-summary.mjs [exit-code-of-producer] [--quiet] < tap-output
 * (--quiet: do not echo the stream, when it was already shown live).
 * A producer that failed without reporting any failing point (a type error before tests ran,
 * a crash) still counts as one failure, so the line never claims success for a failed run.
 */
import { createInterface } from 'node:readline';

const POINT = /^(\s*)(not ok|ok)\b(.*)$/;
const STRUCTURE = /^\s*(\d+\.\.\d+|not ok\b|ok\b)/;
let passed = 0;
let failed = 0;
let skipped = 0;
let previous = null;
const quiet = process.argv.includes('--quiet');

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!quiet) process.stdout.write(`${line}\n`);
  if (!line.trim()) continue;
  const m = POINT.exec(line);
  if (m) {
    const indent = m[1].length;
    const prevIndent = previous ? previous.length - previous.trimStart().length : -1;
    const closesBlock = previous !== null && prevIndent >= indent + 4 && STRUCTURE.test(previous);
    if (!closesBlock) {
      if (m[2] === 'not ok' && !/#\s*(todo|skip)\b/i.test(m[3])) failed += 1;
      else if (/#\s*(todo|skip)\b/i.test(m[3])) skipped += 1;
      else passed += 1;
    }
  }
  previous = line;
}

const producerExit = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 0);
if (producerExit !== 0 && failed === 0) failed = 1;
if (skipped) console.log(`${skipped} skipped or todo`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(producerExit !== 0 || failed > 0 ? 1 : 0);
