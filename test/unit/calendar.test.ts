import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addCalendarMonths,
  bundledCalendarData,
  createCalendar,
  deadlinePassed,
  endOfShanghaiDay,
  formatShanghai,
  loadCalendar,
  shanghaiDateOf,
  sunsetReviewDue,
  type CalendarData,
} from '../../src/registry/calendar.js';

const cal = loadCalendar();
const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

/** Bundled data with one year replaced or added, as an operator would edit the file. */
function withYear(year: string, schedule: unknown): unknown {
  return { ...bundledCalendarData, years: { ...bundledCalendarData.years, [year]: schedule } };
}

const deadlineOf = (approvedAt: string, days?: number) => formatShanghai(cal.defenceDeadline(at(approvedAt), days));

t.test('coverage reports how far each year can be trusted', async (t) => {
  t.equal(cal.coverage(2025), 'official');
  t.equal(cal.coverage(2026), 'official');
  t.equal(cal.coverage(2027), 'provisional', '2027 has no transcribed State Council notice');
  t.equal(cal.coverage(2024), 'none');
  t.equal(cal.coverage(2028), 'none');
  t.equal(cal.coverageBetween('2025-12-28', '2026-01-12'), 'official');
  t.equal(cal.coverageBetween('2026-12-28', '2027-01-12'), 'provisional', 'the weakest year wins');
  t.equal(cal.coverageBetween('2027-12-28', '2028-01-12'), 'none');
});

t.test('when a day is a weekday, weekend, public holiday or make-up working day', async (t) => {
  t.equal(cal.isWorkingDay('2025-03-10'), true, 'an ordinary Monday');
  t.equal(cal.isWorkingDay('2025-03-08'), false, 'an ordinary Saturday');
  t.equal(cal.isWorkingDay('2025-03-09'), false, 'an ordinary Sunday');
  for (const d of ['2025-01-28', '2025-01-31', '2025-02-04', '2025-10-01', '2025-10-06', '2025-10-08']) {
    t.equal(cal.isWorkingDay(d), false, `${d} is a 2025 holiday`);
  }
  for (const d of ['2026-01-02', '2026-02-16', '2026-02-23', '2026-04-06', '2026-05-05', '2026-09-25', '2026-10-07']) {
    t.equal(cal.isWorkingDay(d), false, `${d} is a 2026 holiday`);
  }
  for (const d of ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']) {
    t.equal(cal.isWorkingDay(d), true, `${d} is a 2025 make-up working day on a weekend`);
  }
  for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
    t.equal(cal.isWorkingDay(d), true, `${d} is a 2026 make-up working day on a weekend`);
  }
  t.equal(cal.isWorkingDay('2027-10-01'), false, 'a provisional year still knows its fixed statutory days');
  t.equal(cal.isWorkingDay('2028-05-01'), true, 'a year without data has weekends only');
  t.throws(() => cal.isWorkingDay('2025-02-30'), RangeError);
  t.throws(() => cal.isWorkingDay('2025-3-1'), RangeError);
});

t.test('the transcribed years add up: 13 statutory days off a year, i.e. 248 working days', async (t) => {
  for (const year of [2025, 2026]) {
    let working = 0;
    for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += DAY) {
      if (cal.isWorkingDay(new Date(d).toISOString().slice(0, 10))) working += 1;
    }
    t.equal(working, 248, `${year}`);
  }
});

t.test('addWorkingDays never counts the start day', async (t) => {
  t.equal(cal.addWorkingDays('2025-03-10', 0), '2025-03-10');
  t.equal(cal.addWorkingDays('2025-03-10', 1), '2025-03-11');
  t.equal(cal.addWorkingDays('2025-03-14', 1), '2025-03-17', 'Friday → Monday');
  t.throws(() => cal.addWorkingDays('2025-03-10', -1), RangeError);
  t.throws(() => cal.addWorkingDays('2025-03-10', 1.5), RangeError);
});

t.test('the defence deadline is the end of the 7th working day after the day of approval', async (t) => {
  t.equal(deadlineOf('2025-03-10T10:00:00+08:00'), '2025-03-19T23:59:59+08:00', 'across one weekend');
  t.equal(cal.defenceDeadline(at('2025-03-10T10:00:00+08:00')), at('2025-03-19T23:59:59.999+08:00'), 'stored as the last millisecond of the day');
  t.equal(deadlineOf('2025-03-09T17:00:00Z'), '2025-03-19T23:59:59+08:00', '01:00 Monday in Shanghai is Monday, though still Sunday in UTC');
  t.equal(deadlineOf('2025-03-10T23:59:59.999+08:00'), '2025-03-19T23:59:59+08:00', 'late on the day of approval');
  t.equal(deadlineOf('2025-03-10T10:00:00+08:00', 3), '2025-03-13T23:59:59+08:00', 'the window is configurable');
  t.throws(() => cal.defenceDeadline(at('2025-03-10T10:00:00+08:00'), 0), RangeError);
});

t.test('when the notice is approved on a rest day, counting starts the next day', async (t) => {
  t.equal(deadlineOf('2025-03-08T10:00:00+08:00'), '2025-03-18T23:59:59+08:00', 'Saturday');
  t.equal(deadlineOf('2025-03-09T10:00:00+08:00'), '2025-03-18T23:59:59+08:00', 'Sunday');
  t.equal(deadlineOf('2025-03-07T10:00:00+08:00'), '2025-03-18T23:59:59+08:00', 'Friday gives the same day');
  // 10/9 1, 10/10 2, 10/11 Sat (make-up) 3, 10/13–10/16 4–7
  t.equal(deadlineOf('2025-10-03T10:00:00+08:00'), '2025-10-16T23:59:59+08:00', 'inside the National Day holiday');
});

t.test('holidays and make-up working days move the deadline', async (t) => {
  // 1/26 Sun (make-up) 1, 1/27 2, 1/28–2/4 off, 2/5 3, 2/6 4, 2/7 5, 2/8 Sat (make-up) 6, 2/10 7
  t.equal(deadlineOf('2025-01-24T15:00:00+08:00'), '2025-02-10T23:59:59+08:00', '2025 Spring Festival');
  // 9/28 Sun (make-up) 1, 9/29 2, 9/30 3, 10/1–10/8 off, 10/9 4, 10/10 5, 10/11 Sat (make-up) 6, 10/13 7
  t.equal(deadlineOf('2025-09-26T15:00:00+08:00'), '2025-10-13T23:59:59+08:00', '2025 National Day and Mid-Autumn');
  // 2/13 1, 2/14 Sat (make-up) 2, 2/15–2/23 off, 2/24 3, 2/25 4, 2/26 5, 2/27 6, 2/28 Sat (make-up) 7
  t.equal(deadlineOf('2026-02-12T15:00:00+08:00'), '2026-02-28T23:59:59+08:00', '2026 Spring Festival, ending on a Saturday');
  // 9/20 Sun (make-up) 1, 9/21–9/24 2–5, 9/25–9/27 Mid-Autumn off, 9/28 6, 9/29 7
  t.equal(deadlineOf('2026-09-18T15:00:00+08:00'), '2026-09-29T23:59:59+08:00', '2026 Mid-Autumn');
  // 10/1–10/7 off, 10/8 1, 10/9 2, 10/10 Sat (make-up) 3, 10/12–10/15 4–7
  t.equal(deadlineOf('2026-09-30T15:00:00+08:00'), '2026-10-15T23:59:59+08:00', '2026 National Day');
  // 1/1–1/3 off, 1/4 Sun (make-up) 1, 1/5–1/9 2–6, 1/12 7
  t.equal(deadlineOf('2025-12-31T15:00:00+08:00'), '2026-01-12T23:59:59+08:00', 'across the new year');
});

t.test('the deadline is inclusive to its last millisecond', async (t) => {
  const deadline = cal.defenceDeadline(at('2025-03-10T10:00:00+08:00'));
  t.equal(deadlinePassed(deadline, deadline), false);
  t.equal(deadlinePassed(deadline, at('2025-03-20T00:00:00+08:00')), true);
  t.equal(endOfShanghaiDay('2025-03-19'), deadline);
  t.equal(shanghaiDateOf(deadline), '2025-03-19');
});

t.test('expiry is 12 calendar months later, clamped at month end, in Shanghai time', async (t) => {
  const plus = (iso: string, months: number) => formatShanghai(addCalendarMonths(at(iso), months));
  t.equal(plus('2025-03-15T08:30:00+08:00', 12), '2026-03-15T08:30:00+08:00');
  t.equal(plus('2025-01-31T10:00:00+08:00', 1), '2025-02-28T10:00:00+08:00');
  t.equal(plus('2024-01-31T10:00:00+08:00', 1), '2024-02-29T10:00:00+08:00', 'leap year');
  t.equal(plus('2024-02-29T10:00:00+08:00', 12), '2025-02-28T10:00:00+08:00', 'from a leap day');
  t.equal(plus('2025-08-31T10:00:00+08:00', 1), '2025-09-30T10:00:00+08:00');
  t.equal(plus('2025-12-31T10:00:00+08:00', 2), '2026-02-28T10:00:00+08:00', 'across the year end');
  t.equal(plus('2025-01-31T16:30:00Z', 1), '2025-03-01T00:30:00+08:00', 'the Shanghai date (1 Feb) is the one that moves, not the UTC date (31 Jan)');
  t.equal(addCalendarMonths(at('2025-05-31T09:00:00.123+08:00'), 12), at('2026-05-31T09:00:00.123+08:00'));
  t.throws(() => addCalendarMonths(0, 1.5), RangeError);
});

t.test('the sunset review is due from 30 days before expiry', async (t) => {
  const expiresAt = at('2026-06-30T10:00:00+08:00');
  t.equal(sunsetReviewDue(expiresAt, expiresAt - 30 * DAY - 1), false);
  t.equal(sunsetReviewDue(expiresAt, expiresAt - 30 * DAY), true);
  t.equal(sunsetReviewDue(expiresAt, expiresAt + DAY), true, 'still due while the entry awaits the expiry run');
  t.equal(sunsetReviewDue(expiresAt, expiresAt - 40 * DAY, 45), true, 'the window is configurable');
});

t.test('times render in +08:00 to the second', async (t) => {
  t.equal(formatShanghai(at('2025-01-01T00:00:00Z')), '2025-01-01T08:00:00+08:00');
  t.equal(formatShanghai(at('2025-03-19T15:59:59.999Z')), '2025-03-19T23:59:59+08:00');
});

t.test('an operator adds a year without code changes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-cal-'));
  const file = join(dir, 'cn.json');
  writeFileSync(
    file,
    JSON.stringify(
      withYear('2028', {
        status: 'official',
        source: 'test notice',
        holidays: [{ name: '劳动节', from: '2028-05-01', to: '2028-05-05' }],
        makeUpWorkdays: [{ name: '劳动节', date: '2028-04-29' }],
      }),
    ),
  );
  const own = loadCalendar(file);
  t.equal(own.coverage(2028), 'official');
  t.equal(own.isWorkingDay('2028-05-02'), false);
  t.equal(own.isWorkingDay('2028-04-29'), true, 'a Saturday made a working day');
  t.equal(own.isWorkingDay('2026-02-16'), false, 'the other years are kept');
  t.throws(() => loadCalendar(join(dir, 'missing.json')), /Cannot read the holiday calendar/);
});

t.test('malformed calendar data is refused with the place of the problem', async (t) => {
  const year = (patch: object) => ({ status: 'official', source: 's', holidays: [], makeUpWorkdays: [], ...patch });
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', [], /at \/: expected an object/],
    ['another time zone', { ...bundledCalendarData, timeZone: 'Asia/Tokyo' }, /\/timeZone/],
    ['another offset', { ...bundledCalendarData, utcOffset: '+09:00' }, /\/utcOffset/],
    ['a bad year key', withYear('28', year({})), /four-digit year/],
    ['an unknown status', withYear('2028', year({ status: 'draft' })), /\/years\/2028\/status/],
    ['no source', withYear('2028', year({ source: '' })), /\/years\/2028\/source/],
    ['a misspelt key', withYear('2028', year({ makeupWorkdays: [] })), /unknown key "makeupWorkdays"/],
    ['no years', { ...bundledCalendarData, years: [] }, /\/years: expected an object/],
    ['a year that is not an object', withYear('2028', 'official'), /\/years\/2028: expected an object/],
    ['holidays missing', withYear('2028', year({ holidays: undefined })), /\/holidays: expected an array/],
    ['make-up days missing', withYear('2028', year({ makeUpWorkdays: {} })), /\/makeUpWorkdays: expected an array/],
    ['a holiday that is a string', withYear('2028', year({ holidays: ['2028-05-01'] })), /\/holidays\/0: expected an object/],
    ['a make-up day that is a string', withYear('2028', year({ makeUpWorkdays: ['2028-04-29'] })), /\/makeUpWorkdays\/0: expected/],
    ['a date that is a number', withYear('2028', year({ published: 20281101 })), /\/published/],
    ['an impossible date', withYear('2028', year({ holidays: [{ name: 'x', from: '2028-02-30' }] })), /2028-02-30/],
    ['a reversed range', withYear('2028', year({ holidays: [{ name: 'x', from: '2028-05-05', to: '2028-05-01' }] })), /before/],
    ['a runaway range', withYear('2028', year({ holidays: [{ name: 'x', from: '2028-05-01', to: '2028-06-05' }] })), /15 days/],
    ['a weekday make-up day', withYear('2028', year({ makeUpWorkdays: [{ name: 'x', date: '2028-05-03' }] })), /weekday/],
    ['a day both off and on', withYear('2028', year({ makeUpWorkdays: [{ name: 'x', date: '2026-02-15' }] })), /2026-02-15 is both/],
  ];
  for (const [name, data, message] of cases) t.throws(() => createCalendar(data), message, name);
  const ok: CalendarData = { timeZone: 'Asia/Shanghai', utcOffset: '+08:00', years: {} };
  t.equal(createCalendar(ok).coverage(2025), 'none', 'an empty calendar is weekends only');
});
