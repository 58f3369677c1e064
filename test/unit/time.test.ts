/** Times are RFC 3339 with an offset, stored as instants and shown at +08:00: years 0001–9999 only. */
import t from 'tap';
import { formatTime, parseTime } from '../../src/shared/time.js';

t.test('a time whose instant or +08:00 rendering leaves years 0001–9999 is refused', async (t) => {
  t.equal(parseTime('0000-01-01T00:00:00+23:59'), null, 'year 0 once the offset is applied');
  t.equal(parseTime('0001-01-01T00:00:00+08:00'), null, 'the instant falls in year 0');
  t.equal(parseTime('9999-12-31T20:00:00+00:00'), null, 'shown at +08:00 it would be year 10000');
  t.equal(parseTime('9999-12-31T23:00:00-08:00'), null, 'the instant falls in year 10000');
  const first = parseTime('0001-01-01T08:00:00+08:00');
  t.not(first, null);
  t.equal(formatTime(first!), '0001-01-01T08:00:00+08:00', 'the first representable time round-trips');
  const last = parseTime('9999-12-31T23:59:59+08:00');
  t.equal(formatTime(last!), '9999-12-31T23:59:59+08:00', 'and the last');
});
