/** Display forms of sensitive identifiers: enough to recognise, not enough to use. */

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** 330302199001011235 → 3303**********1235 */
export function maskIdNumber(id: string): string {
  return id.length >= 12 ? keepEnds(id, 4, 4) : keepEnds(id, 1, 1);
}

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? keepEnds(phone, 3, 4) : keepEnds(phone, 1, 1);
}

/** Channel accounts are not sensitive by law but still personal: keep the channel prefix and the ends. */
export function maskAccount(account: string): string {
  const cp = [...account];
  if (cp.length <= 4) return '*'.repeat(cp.length);
  const head = Math.min(Math.max(2, account.indexOf(':') + 2), cp.length - 3);
  return cp.slice(0, head).join('') + '*'.repeat(cp.length - head - 2) + cp.slice(-2).join('');
}

/**
 * Addresses are shown cut to the district (区/县/旗, or a county-level city after its prefecture):
 * "温州市鹿城区五马街1号" → "温州市鹿城区". Without a recognisable district only a short head is shown.
 */
export function districtOf(address: string): string {
  const cp = [...address.trim()];
  const scan = Math.min(cp.length, 24);
  const cities: number[] = [];
  for (let i = 1; i < scan; i++) {
    if ('区县旗'.includes(cp[i])) return cp.slice(0, i + 1).join('');
    if (cp[i] === '市') cities.push(i);
  }
  if (cities.length >= 2) return cp.slice(0, cities[1] + 1).join('');
  return cp.slice(0, Math.min(6, cp.length)).join('') + (cp.length > 6 ? '…' : '');
}

/** Names reduced to the family name: enough for staff to match a file, useless outside. */
export function maskName(name: string | null): string {
  if (!name) return '';
  const cp = [...name];
  return cp[0] + '*'.repeat(Math.max(1, cp.length - 1));
}
