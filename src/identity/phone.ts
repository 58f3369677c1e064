/**
 * Phone numbers arrive as "+86 138-0013-8000", "13800138000", "0577-88888888". Matching needs one
 * form: country prefix, spaces, dashes and brackets removed.
 */
export function normalisePhone(raw: string): string | null {
  let p = raw.replace(/[\s\-()（）]/g, '');
  if (p.startsWith('+86')) p = p.slice(3);
  else if (p.startsWith('0086')) p = p.slice(4);
  return /^\d{5,20}$/.test(p) ? p : null;
}
