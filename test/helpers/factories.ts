/** Data factories with overrides: valid by default, so each test states only what matters to it. */
import { residentIdCheckChar } from '../../src/identity/resident-id.js';
import { creditCodeCheckChar } from '../../src/identity/credit-code.js';

let counter = 0;

/** A valid resident ID for a serial number: region 330302, birth 1990-01-01. */
export function residentId(serial: number): string {
  const first17 = `33030219900101${String(serial % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function residentIdBorn(serial: number, birth = '19850505', region = '330304'): string {
  const first17 = `${region}${birth}${String(serial % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid credit code for a respondent number in a region (default 330302, 鹿城区). */
export function creditCode(n: number, region = '330302'): string {
  const body = `9${1}${region}MA${String(n).padStart(8, '0').slice(-8)}`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

type Json = Record<string, unknown>;

function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object'
        ? merge(base[k] as Json, v as Json)
        : v;
  }
  return out;
}

export function complaint(overrides: Json = {}): Json {
  counter += 1;
  return merge(
    {
      externalId: `test-${process.pid}-${counter}`,
      kind: 'complaint',
      receivedAt: '2026-03-01T10:00:00+08:00',
      channel: '12315-web',
      complainant: { name: '张三', idType: 'resident_id', idNumber: residentId(123), phone: '13800138000' },
      respondent: { name: '某某食品店', creditCode: creditCode(1), region: '鹿城区' },
      text: '本人于2月27日在贵店购买饼干一包，发现已经过期，要求退货退款。',
    },
    overrides,
  );
}
