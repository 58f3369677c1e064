/**
 * Money is stored in fen (0.01 CNY) as integers. Rounding goes through the decimal string so that
 * 1.005 becomes 1.01 (half-up), which binary floating point would round down.
 */
export function toFen(yuan: number): number {
  const s = String(yuan);
  return s.includes('e') ? Math.round(yuan * 100) : Math.round(Number(`${s}e2`));
}

export function toYuan(fen: number): number {
  return fen / 100;
}
