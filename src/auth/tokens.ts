import { createHash, randomBytes } from 'node:crypto';

/** API tokens are random (192 bits), so an unsalted SHA-256 is enough to store them safely. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `sv_${randomBytes(24).toString('base64url')}`;
}
