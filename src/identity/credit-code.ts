/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: 18 characters over a 31-symbol
 * alphabet (no I, O, Z, S, V); the last is a MOD 31 check character. Characters 3–8 are the
 * administrative-division code of the registering authority, which gives a respondent's region
 * when none is sent.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns the upper-cased code, or null when its form or check character is wrong. */
export function normaliseCreditCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return null;
  return creditCodeCheckChar(code) === code[17] ? code : null;
}

/** The six-digit administrative-division code inside a valid credit code. */
export function creditCodeRegion(code: string): string | null {
  const region = code.slice(2, 8);
  return /^\d{6}$/.test(region) ? region : null;
}
