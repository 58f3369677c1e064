import type { Role } from '../config.js';
import type { ActorIdentity } from '../registry/audit.js';

/**
 * The contract's permission table, by area. Each route declares its area; one hook enforces it.
 * Registry actions have a second, per-action check in the registry state machine.
 */
export type Area = 'intake' | 'lookup' | 'read' | 'review' | 'supervise' | 'admin' | 'any';

export const AREA_ROLES: Record<Area, readonly Role[]> = {
  intake: ['intake', 'admin'],
  lookup: ['intake', 'reviewer', 'supervisor', 'admin'],
  read: ['reviewer', 'supervisor', 'admin'],
  review: ['reviewer', 'supervisor'],
  supervise: ['supervisor'],
  admin: ['admin'],
  any: ['intake', 'reviewer', 'supervisor', 'admin'],
};

export function mayAccess(role: Role, area: Area): boolean {
  return AREA_ROLES[area].includes(role);
}

export interface Principal {
  name: string;
  role: Role;
  /** When the key stops working (stored keys created with an expiry). */
  expiresAt?: number;
  /** A person signed in through the identity provider: who the provider says they are. */
  identity?: ActorIdentity;
}
