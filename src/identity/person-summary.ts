/**
 * How a person is named in lists (the queue, registry entries, search results): masked name,
 * masked ID number and a region name — enough for staff to tell people apart without opening
 * each profile, and nothing a list must not show.
 */
import regions from '../detection/regions.json' with { type: 'json' };
import type { Repositories } from '../storage/ports.js';
import { maskName } from './masking.js';

const REGION_NAMES: Record<string, string> = regions.codes;

export interface PersonSummary {
  name: string;
  idMasked: string | null;
  region: string | null;
}

/**
 * The region of a person: the district of their address when one was given, else the city their
 * ID number was issued in (its first four digits, the part a masked number still shows).
 */
function regionOf(identifiers: Array<{ type: string; masked: string }>): string | null {
  const address = identifiers.find((i) => i.type === 'address');
  if (address) return address.masked;
  const id = identifiers.find((i) => i.type === 'resident_id');
  const code = id && /^\d{4}/.test(id.masked) ? `${id.masked.slice(0, 4)}00` : null;
  return code ? (REGION_NAMES[code] ?? null) : null;
}

/** Summaries of these complainants (roots; what is merged into each counts as theirs), by id. */
export async function personSummaries(repos: Pick<Repositories, 'identity'>, rootIds: string[]): Promise<Map<string, PersonSummary>> {
  const ids = [...new Set(rootIds)];
  const records = new Map((await repos.identity.findMany(ids)).map((r) => [r.id, r]));
  const rootOf = new Map<string, string>();
  for (const id of ids) for (const m of await repos.identity.members(id)) rootOf.set(m, id);
  const identifiers = new Map<string, Array<{ type: string; masked: string }>>();
  for (const i of await repos.identity.identifiersOf([...rootOf.keys()])) {
    const root = rootOf.get(i.complainantId)!;
    identifiers.set(root, [...(identifiers.get(root) ?? []), i]);
  }
  const out = new Map<string, PersonSummary>();
  for (const id of ids) {
    const own = identifiers.get(id) ?? [];
    out.set(id, {
      name: maskName(records.get(id)?.name ?? null),
      idMasked: own.find((i) => i.type === 'resident_id' || i.type === 'passport' || i.type === 'other')?.masked ?? null,
      region: regionOf(own),
    });
  }
  return out;
}
