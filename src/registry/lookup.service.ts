/**
 * For intake systems and the public side: is this person listed? Identifiers arrive in the body,
 * are normalised as at intake and matched only through their keyed hashes. And the export of the
 * registry, with masked identifiers only.
 */
import { accountKey, idNumberKey, phoneKey } from '../identity/identifier-keys.js';
import { stringify } from 'csv-stringify/sync';
import type { Store } from '../storage/ports.js';
import { validationFailed, type ErrorDetail } from '../shared/errors.js';
import { formatOptionalTime } from '../shared/time.js';
import type { PiiHasher } from '../identity/pii.js';
import { normaliseResidentId } from '../identity/resident-id.js';
import { normalisePhone } from '../identity/phone.js';
import { formatShanghai } from './calendar.js';

export interface LookupBody {
  idNumber?: string;
  idType?: 'resident_id' | 'passport' | 'other';
  phone?: string;
  accountId?: string;
}

type Matched = 'idNumber' | 'phone' | 'accountId';
const MATCHED_ORDER: Matched[] = ['idNumber', 'phone', 'accountId'];

const EXPORT_COLUMNS = ['entryId', 'state', 'complainantId', 'name', 'identifiers', 'listedAt', 'expiresAt', 'deadline', 'measures', 'indicators'] as const;

/** Names reduced to the family name: enough for staff to match a file, useless outside. */
function maskName(name: string | null): string {
  if (!name) return '';
  const cp = [...name];
  return cp[0] + '*'.repeat(Math.max(1, cp.length - 1));
}

export function createLookupService(deps: { store: Store; hashPii: PiiHasher }) {
  const { store, hashPii } = deps;
  const repos = store.read;

  return {
    async lookup(body: LookupBody) {
      const details: ErrorDetail[] = [];
      const idType = body.idType ?? 'resident_id';
      let idNumber: string | undefined;
      if (body.idNumber !== undefined) {
        idNumber = idType === 'resident_id' ? (normaliseResidentId(body.idNumber) ?? undefined) : body.idNumber.trim().toUpperCase();
        if (!idNumber) details.push({ path: '/idNumber', message: 'is not a valid resident ID number (GB 11643 check digit)' });
      }
      let phone: string | undefined;
      if (body.phone !== undefined) {
        phone = normalisePhone(body.phone) ?? undefined;
        if (!phone) details.push({ path: '/phone', message: 'is not a phone number' });
      }
      if (body.idNumber === undefined && body.phone === undefined && body.accountId === undefined)
        details.push({ path: '/', message: 'needs at least one of idNumber, phone, accountId' });
      if (details.length) throw validationFailed(details);

      // Who holds each identifier given, by root record (a reviewer's merge counts as one person).
      const given: Array<[Matched, string[]]> = [];
      if (idNumber) {
        const found = await repos.identity.findByKey('id', idNumberKey(hashPii, idType, idNumber));
        given.push(['idNumber', found ? [found.id] : []]);
      }
      if (phone) given.push(['phone', await repos.identity.holders('phone', phoneKey(hashPii, phone))]);
      if (body.accountId) given.push(['accountId', await repos.identity.holders('account', accountKey(hashPii, body.accountId))]);
      const records = await repos.identity.findMany([...new Set(given.flatMap(([, ids]) => ids))]);
      const rootOf = new Map(records.map((r) => [r.id, r.mergedInto ?? r.id]));
      const matched = new Map<string, { by: Set<Matched>; own: boolean }>();
      for (const [name, ids] of given) {
        const roots = new Set(ids.map((id) => rootOf.get(id) ?? id));
        for (const root of roots) {
          const m = matched.get(root) ?? { by: new Set<Matched>(), own: false };
          m.by.add(name);
          // An identifier held by this person alone points at them; one shared with others (a
          // family phone) may have been given for someone else.
          if (roots.size === 1) m.own = true;
          matched.set(root, m);
        }
      }
      const entries = await repos.registry.inStates(['notified', 'listed'], [...matched.keys()]);
      return {
        listed: entries.some((e) => e.state === 'listed'),
        entries: entries.map((e) => {
          const m = matched.get(e.complainantId)!;
          return {
            entryId: e.id,
            state: e.state,
            ...(e.state === 'listed'
              ? { listedAt: formatOptionalTime(e.listedAt), expiresAt: formatOptionalTime(e.expiresAt), measures: e.measures ?? [] }
              : {}),
            matchedBy: MATCHED_ORDER.filter((name) => m.by.has(name)),
            ...(m.own ? {} : { viaLink: true as const }),
          };
        }),
      };
    },

    /** Entries in notified or listed, with masked identifiers only. */
    async exportRegistry(format: 'csv' | 'json') {
      const entries = await repos.registry.all(['notified', 'listed']);
      const records = new Map((await repos.identity.findMany(entries.map((e) => e.complainantId))).map((r) => [r.id, r]));
      const rows = [];
      for (const e of entries) {
        const members = await repos.identity.members(e.complainantId);
        const identifiers = (await repos.identity.identifiersOf(members))
          .filter((i) => i.type !== 'address')
          .map((i) => `${i.type}:${i.masked}`)
          .filter((v, k, all) => all.indexOf(v) === k)
          .sort();
        rows.push({
          entryId: e.id,
          state: e.state,
          complainantId: e.complainantId,
          name: maskName(records.get(e.complainantId)?.name ?? null),
          identifiers,
          listedAt: e.state === 'listed' ? (formatOptionalTime(e.listedAt) ?? '') : '',
          expiresAt: e.state === 'listed' ? (formatOptionalTime(e.expiresAt) ?? '') : '',
          deadline: e.state === 'notified' && e.deadline !== null ? formatShanghai(e.deadline) : '',
          measures: e.measures ?? [],
          indicators: (e.evidence?.findings ?? []).map((f) => f.code),
        });
      }
      if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ items: rows }) };
      const csv = stringify(
        rows.map((r) => ({ ...r, identifiers: r.identifiers.join(' '), measures: r.measures.join(' '), indicators: r.indicators.join(' ') })),
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        { header: true, columns: [...EXPORT_COLUMNS], escape_formulas: true, bom: true },
      );
      return { contentType: 'text/csv; charset=utf-8', body: csv };
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
