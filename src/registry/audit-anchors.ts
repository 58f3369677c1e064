/**
 * Anchors: the audit chain's head (sequence, hash, key authentication, time) appended to a file
 * outside the database as the chain grows. Records cut off the end of the chain, or a chain
 * rebuilt from some point on, no longer match an anchor written before — without anyone having
 * to remember a head. The file is only ever appended to; an operator may make it append-only
 * (`chattr +a`) or ship it elsewhere as it grows.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { formatTime, parseTime } from '../shared/time.js';
import type { AuditProblem } from './audit.js';

export interface Anchor {
  seq: number;
  hash: string;
  mac: string | null;
  /** When the anchor was written (ms). */
  at: number;
}

export function appendAnchor(path: string, anchor: Anchor): void {
  const line = `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash, mac: anchor.mac, at: formatTime(anchor.at) })}\n`;
  const fd = openSync(path, 'a', 0o600);
  try {
    // One write of one line: concurrent appenders never interleave within a line.
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every anchor in the file, in the order written. A last line cut short by a crash is skipped;
 * any other line that is not an anchor is a problem (the file was edited).
 */
export function readAnchors(path: string): { anchors: Anchor[]; problems: AuditProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: [], problems: [] };
    throw err;
  }
  // The last piece is empty after a final newline, or a line a crash cut short: either way not an anchor.
  const complete = text.split('\n').slice(0, -1);
  const anchors: Anchor[] = [];
  const problems: AuditProblem[] = [];
  complete.forEach((line, i) => {
    const anchor = parseAnchor(line);
    if (anchor) anchors.push(anchor);
    else problems.push({ subject: `anchor line ${i + 1}`, problem: `it is not an anchor (${path} was edited)` });
  });
  return { anchors, problems };
}

function parseAnchor(line: string): Anchor | null {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    const at = typeof v.at === 'string' ? parseTime(v.at) : null;
    if (!Number.isInteger(v.seq) || typeof v.hash !== 'string' || at === null) return null;
    return { seq: v.seq as number, hash: v.hash, mac: typeof v.mac === 'string' ? v.mac : null, at };
  } catch {
    return null;
  }
}
