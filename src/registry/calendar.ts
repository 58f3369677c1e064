/**
 * Working days and registry time limits for mainland China.
 *
 * All civil dates are Asia/Shanghai, a fixed UTC+08:00 (no daylight saving since 1991), so local
 * dates are plain arithmetic on epoch milliseconds and need no time-zone database.
 *
 * Holidays are data, not code: the State Council publishes each year's arrangement (放假安排) only
 * a few weeks ahead, so an operator must be able to add a year by editing a JSON file.
 */
import { readFileSync } from 'node:fs';
import bundledData from './holidays/cn.json' with { type: 'json' };
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../shared/time.js';

/** A civil date in Asia/Shanghai, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * How far a year's data can be trusted: `official` is transcribed from the State Council notice,
 * `provisional` holds only the statutory days known in advance, `none` means weekends only.
 */
export type Coverage = 'official' | 'provisional' | 'none';

export interface HolidayRange {
  name: string;
  from: IsoDate;
  /** Inclusive; omitted for a single day. */
  to?: IsoDate;
}

export interface MakeUpWorkday {
  name: string;
  date: IsoDate;
}

export interface YearSchedule {
  status: 'official' | 'provisional';
  /** The notice (or law) the dates were transcribed from. */
  source: string;
  published?: IsoDate;
  note?: string;
  holidays: HolidayRange[];
  makeUpWorkdays: MakeUpWorkday[];
}

export interface CalendarData {
  description?: string;
  timeZone: 'Asia/Shanghai';
  utcOffset: '+08:00';
  /** Keyed by the year of the notice, e.g. "2026". */
  years: Record<string, YearSchedule>;
}

export interface Calendar {
  coverage(year: number): Coverage;
  /** The least trustworthy coverage of any year from `from` to `to` inclusive. */
  coverageBetween(from: IsoDate, to: IsoDate): Coverage;
  isWorkingDay(date: IsoDate): boolean;
  /** The n-th working day after `from`; `from` itself never counts. */
  addWorkingDays(from: IsoDate, n: number): IsoDate;
  /**
   * The defence deadline for a notice approved at `approvedAtMs`: the end of the n-th working day
   * after the (Shanghai) day of approval, as the last millisecond of that day (23:59:59.999+08:00).
   * It has passed once `now > deadline` (see `deadlinePassed`); `formatShanghai` renders it as
   * `…T23:59:59+08:00`.
   */
  defenceDeadline(approvedAtMs: number, workingDays?: number): number;
}

export { DAY_MS, SHANGHAI_OFFSET_MS };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01, or null when `date` is not a real calendar date. */
function dayNumberOrNull(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a round trip exposes that.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function dayNumber(date: IsoDate): number {
  const n = dayNumberOrNull(date);
  if (n === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(date)}`);
  return n;
}

function isoOfDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;

const yearOf = (date: IsoDate) => new Date(dayNumber(date) * DAY_MS).getUTCFullYear();

/** The Shanghai civil date of an instant. */
export function shanghaiDateOf(ms: number): IsoDate {
  return isoOfDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The last millisecond of a Shanghai civil date. */
export function endOfShanghaiDay(date: IsoDate): number {
  return (dayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;
}

/** An instant as RFC 3339 in +08:00, to the second (so a deadline shows as 23:59:59+08:00). */
export function formatShanghai(ms: number): string {
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The deadline instant belongs to the window: a defence at 23:59:59.999 is still in time. */
export function deadlinePassed(deadline: number, now: number): boolean {
  return now > deadline;
}

/**
 * `months` calendar months after `ms`, at the same Shanghai wall-clock time; a day that does not
 * exist in the target month is clamped to its last day (31 Jan + 1 month → 28/29 Feb), so a term
 * never spills into the month after.
 */
export function addCalendarMonths(ms: number, months: number): number {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const local = ms + SHANGHAI_OFFSET_MS;
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const d = new Date(local - timeOfDay);
  const monthIndex = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) + timeOfDay - SHANGHAI_OFFSET_MS;
}

/**
 * True from `days` × 24 h before expiry on (and after it, while the entry still awaits the expiry
 * run). With a fixed offset, 24 h steps are calendar days at the same wall-clock time.
 */
export function sunsetReviewDue(expiresAtMs: number, nowMs: number, days = 30): boolean {
  return nowMs >= expiresAtMs - days * DAY_MS;
}

const RANK: Record<Coverage, number> = { none: 0, provisional: 1, official: 2 };

function fail(where: string, problem: string): never {
  throw new Error(`Invalid holiday calendar data at ${where}: ${problem}`);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  // A misspelt key (say "makeupWorkdays") would otherwise drop a year's working days silently.
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(where, `unknown key "${key}"`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireDay(value: unknown, where: string): number {
  const n = dayNumberOrNull(value);
  if (n === null) fail(where, `"${String(value)}" is not a date (YYYY-MM-DD)`);
  return n;
}

function requireText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, 'expected a non-empty string');
  return value;
}

interface Parsed {
  status: Map<number, 'official' | 'provisional'>;
  rest: Set<number>;
  work: Set<number>;
}

function parse(data: unknown): Parsed {
  if (!isObject(data)) fail('/', 'expected an object');
  checkKeys(data, ['description', 'timeZone', 'utcOffset', 'years'], '/');
  // The arithmetic above assumes UTC+08:00; data written for another zone must not load.
  if (data.timeZone !== 'Asia/Shanghai') fail('/timeZone', 'only "Asia/Shanghai" is supported');
  if (data.utcOffset !== '+08:00') fail('/utcOffset', 'only "+08:00" is supported');
  if (!isObject(data.years)) fail('/years', 'expected an object keyed by year');

  const parsed: Parsed = { status: new Map(), rest: new Set(), work: new Set() };
  for (const [key, year] of Object.entries(data.years)) {
    const where = `/years/${key}`;
    if (!/^\d{4}$/.test(key)) fail(where, 'the key must be a four-digit year');
    if (!isObject(year)) fail(where, 'expected an object');
    checkKeys(year, ['status', 'source', 'published', 'note', 'holidays', 'makeUpWorkdays'], where);
    if (year.status !== 'official' && year.status !== 'provisional') {
      fail(`${where}/status`, 'expected "official" or "provisional"');
    }
    requireText(year.source, `${where}/source`);
    if (year.published !== undefined) requireDay(year.published, `${where}/published`);
    if (year.note !== undefined) requireText(year.note, `${where}/note`);
    if (!Array.isArray(year.holidays)) fail(`${where}/holidays`, 'expected an array');
    if (!Array.isArray(year.makeUpWorkdays)) fail(`${where}/makeUpWorkdays`, 'expected an array');
    parsed.status.set(Number(key), year.status);

    year.holidays.forEach((range: unknown, i: number) => {
      const at = `${where}/holidays/${i}`;
      if (!isObject(range)) fail(at, 'expected an object');
      checkKeys(range, ['name', 'from', 'to'], at);
      requireText(range.name, `${at}/name`);
      const from = requireDay(range.from, `${at}/from`);
      const to = range.to === undefined ? from : requireDay(range.to, `${at}/to`);
      if (to < from) fail(at, '"to" is before "from"');
      // A wrong month in "to" would silently turn weeks into rest days; real ranges are short.
      if (to - from > 14) fail(at, 'a range longer than 15 days: check the dates, or split it if it is meant');
      for (let d = from; d <= to; d++) parsed.rest.add(d);
    });
    year.makeUpWorkdays.forEach((entry: unknown, i: number) => {
      const at = `${where}/makeUpWorkdays/${i}`;
      if (!isObject(entry)) fail(at, 'expected an object');
      checkKeys(entry, ['name', 'date'], at);
      requireText(entry.name, `${at}/name`);
      const day = requireDay(entry.date, `${at}/date`);
      if (!isWeekend(day)) fail(`${at}/date`, `${entry.date} is a weekday, so it cannot be a make-up working day`);
      parsed.work.add(day);
    });
  }
  for (const day of parsed.work) {
    if (parsed.rest.has(day)) fail('/years', `${isoOfDay(day)} is both a holiday and a make-up working day`);
  }
  return parsed;
}

/** Builds a calendar from data in the `holidays/cn.json` format; throws on malformed data. */
export function createCalendar(data: unknown): Calendar {
  const { status, rest, work } = parse(data);

  const coverage = (year: number): Coverage => status.get(year) ?? 'none';

  const isWorkingDay = (date: IsoDate): boolean => {
    const day = dayNumber(date);
    if (work.has(day)) return true;
    if (rest.has(day)) return false;
    return !isWeekend(day);
  };

  const addWorkingDays = (from: IsoDate, n: number): IsoDate => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    let day = dayNumber(from);
    for (let counted = 0; counted < n; ) {
      day += 1;
      if (isWorkingDay(isoOfDay(day))) counted += 1;
    }
    return isoOfDay(day);
  };

  return {
    coverage,
    coverageBetween(from, to) {
      const first = yearOf(from);
      const last = yearOf(to);
      let worst: Coverage = 'official';
      for (let y = first; y <= last; y++) if (RANK[coverage(y)] < RANK[worst]) worst = coverage(y);
      return worst;
    },
    isWorkingDay,
    addWorkingDays,
    defenceDeadline(approvedAtMs, workingDays = 7) {
      if (!Number.isInteger(workingDays) || workingDays < 1) {
        throw new RangeError(`workingDays must be a positive integer, got ${workingDays}`);
      }
      return endOfShanghaiDay(addWorkingDays(shanghaiDateOf(approvedAtMs), workingDays));
    },
  };
}

/** The data shipped with Sieve (2025 and 2026 official, 2027 provisional). */
export const bundledCalendarData: CalendarData = bundledData as CalendarData;

/**
 * The calendar from a JSON file (an operator's own, e.g. with a newly published year), or the
 * bundled data when no path is given.
 */
export function loadCalendar(path?: string): Calendar {
  if (path === undefined) return createCalendar(bundledCalendarData);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the holiday calendar ${path}: ${(err as Error).message}`);
  }
  return createCalendar(data);
}
