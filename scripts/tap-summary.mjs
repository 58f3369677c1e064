#!/usr/bin/env node
/**
 * Reads a TAP stream on stdin, echoes it, and ends with "N passed, N failed" counted from the
 * test points themselves (leaf assertions; a subtest's own summary point is not counted again).
 * Usage: node scripts/tap-summary.mjs [exit-code-of-producer] [--quiet] < tap-output
 * (--quiet: do not echo the stream, when it was already shown live).
 * Before that line it names each failing point by its path ("failed: file › subtest › point"), so
 * that a log cut to its last lines still says what failed.
 * A producer that failed without reporting any failing point (a type error before tests ran,
 * a crash) still counts as one failure, so the line never claims success for a failed run.
 */
import { createInterface } from 'node:readline';

const POINT = /^(\s*)(not ok|ok)\b(.*)$/;
const STRUCTURE = /^\s*(\d+\.\.\d+|not ok\b|ok\b)/;
const SUBTEST = /^(\s*)# Subtest: (.*)$/;
// The names of the subtests enclosing the current line, by depth (one level is four spaces).
const enclosing = [];
const failures = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let previous = null;
const quiet = process.argv.includes('--quiet');

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!quiet) process.stdout.write(`${line}\n`);
  if (!line.trim()) continue;
  const sub = SUBTEST.exec(line);
  if (sub) {
    const depth = Math.floor(sub[1].length / 4);
    enclosing.length = depth;
    enclosing[depth] = sub[2];
  }
  const m = POINT.exec(line);
  if (m) {
    const indent = m[1].length;
    const prevIndent = previous ? previous.length - previous.trimStart().length : -1;
    const closesBlock = previous !== null && prevIndent >= indent + 4 && STRUCTURE.test(previous);
    if (!closesBlock) {
      if (m[2] === 'not ok' && !/#\s*(todo|skip)\b/i.test(m[3])) {
        failed += 1;
        const depth = Math.floor(indent / 4);
        failures.push([...enclosing.slice(0, depth), m[3].replace(/^\s*\d+\s*-?\s*/, '')].join(' › '));
      } else if (/#\s*(todo|skip)\b/i.test(m[3])) skipped += 1;
      else passed += 1;
    }
  }
  previous = line;
}

const producerExit = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 0);
if (producerExit !== 0 && failed === 0) failed = 1;
for (const f of failures) console.log(`failed: ${f}`);
if (skipped) console.log(`${skipped} skipped or todo`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(producerExit !== 0 || failed > 0 ? 1 : 0);
