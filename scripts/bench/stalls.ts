/**
 * The longest stalls of the thread that calls it: a 5 ms timer notes every gap over `overMs`, and
 * on Linux splits each by what the thread did meanwhile (the kernel's /proc/thread-self/schedstat):
 * ran on a core, was ready but waited for one (another thread or process had both), or was off the
 * CPU — waiting for the disk, a lock or a sleep. The event-loop delay alone cannot tell these
 * apart, and each has another remedy: less work per turn, fewer threads, or fewer blocking reads.
 */
import { readFileSync } from 'node:fs';

export interface Stall {
  ms: number;
  /** performance.now() when it ended (it began `ms` before). */
  at: number;
  /** Undefined where the kernel does not say (not Linux). */
  onCpuMs?: number;
  waitingForCpuMs?: number;
  offCpuMs?: number;
}

/** [ns on a core, ns ready but waiting], or undefined where /proc does not say. */
export function schedstat(): [number, number] | undefined {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? [run, wait] : undefined;
  } catch {
    return undefined;
  }
}

export function watchStalls(overMs = 50): { stop(): Stall[] } {
  const stalls: Stall[] = [];
  let last = performance.now();
  let lastStat = schedstat();
  const timer = setInterval(() => {
    const now = performance.now();
    const stat = lastStat && schedstat();
    const ms = now - last;
    if (ms > overMs) {
      const stall: Stall = { ms, at: now };
      if (stat && lastStat) {
        stall.onCpuMs = (stat[0] - lastStat[0]) / 1e6;
        stall.waitingForCpuMs = (stat[1] - lastStat[1]) / 1e6;
        stall.offCpuMs = Math.max(0, ms - stall.onCpuMs - stall.waitingForCpuMs);
      }
      stalls.push(stall);
    }
    last = now;
    lastStat = stat;
  }, 5);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return stalls;
    },
  };
}

/** "101 ms (on a core 15, waiting for one 0, off it 86)". */
export function describeStall(s: Stall): string {
  const ms = (v: number) => v.toFixed(0);
  return s.onCpuMs === undefined
    ? `${ms(s.ms)} ms`
    : `${ms(s.ms)} ms (on a core ${ms(s.onCpuMs)}, waiting for one ${ms(s.waitingForCpuMs!)}, off it ${ms(s.offCpuMs!)})`;
}
