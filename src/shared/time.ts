/**
 * Instants are kept as epoch milliseconds. The contract requires an explicit offset on input and
 * renders every time with +08:00; calendar days are Asia/Shanghai days, which has had a fixed
 * +08:00 offset since 1991, so a fixed offset is exact for every date Sieve reasons about.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 date-time with a required offset; null when malformed or out of range. */
export function parseTime(value: string): number | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Sub-millisecond digits are dropped: instants are compared and stored to the millisecond.
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999.
  const fixed = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  const instant = fixed - offsetMin * 60_000;
  // Every time is stored as an instant and shown at +08:00: both must be years 0001–9999
  // (0000-01-01T00:00:00+23:59 is an instant in year 0, which no RFC 3339 time can show).
  return inYears(instant) && inYears(instant + SHANGHAI_OFFSET_MS) ? instant : null;
}

const inYears = (ms: number) => {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999;
};

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Renders an instant as RFC 3339 with +08:00; milliseconds only when present. */
export function formatTime(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const frac = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (frac ? `.${pad(frac, 3)}` : '') +
    '+08:00'
  );
}

export function formatOptionalTime(ms: number | null | undefined): string | undefined {
  return ms == null ? undefined : formatTime(ms);
}

/** The Asia/Shanghai calendar day of an instant, as a day number (days since 1970-01-01). */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(ms: number): string {
  return formatTime(ms).slice(0, 10);
}
