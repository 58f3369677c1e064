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
import { maskName } from '../identity/masking.js';
import { IDENTIFIER_LABELS, MEASURE_LABELS, STATE_LABELS } from './labels.js';
import { personSummaries } from '../identity/person-summary.js';

export interface LookupBody {
  idNumber?: string;
  idType?: 'resident_id' | 'passport' | 'other';
  phone?: string;
  accountId?: string;
}

type Matched = 'idNumber' | 'phone' | 'accountId';
const MATCHED_ORDER: Matched[] = ['idNumber', 'phone', 'accountId'];
type SearchMatched = Matched | 'externalId' | 'name';
const SEARCH_ORDER: SearchMatched[] = [...MATCHED_ORDER, 'externalId', 'name'];
const SEARCH_LIMIT = 50;

export interface SearchBody extends LookupBody {
  externalId?: string;
  name?: string;
}

/** The CSV is read by people in a spreadsheet: Chinese headers and values (the JSON keeps the codes). */
const CSV_COLUMNS = [
  { key: 'entryId', header: '名录记录编号' },
  { key: 'state', header: '名录状态' },
  { key: 'complainantId', header: '当事人编号' },
  { key: 'name', header: '姓名（脱敏）' },
  { key: 'identifiers', header: '身份标识（脱敏）' },
  { key: 'listedAt', header: '列入时间' },
  { key: 'expiresAt', header: '到期时间' },
  { key: 'deadline', header: '申辩期限' },
  { key: 'measures', header: '措施' },
  { key: 'indicators', header: '命中指标' },
];

export function createLookupService(deps: { store: Store; hashPii: PiiHasher }) {
  const { store, hashPii } = deps;
  const repos = store.read;

  /**
   * The records holding each identifier given, normalised as at intake and matched only through
   * their keyed hashes. `needOne`: the lookup's rule that at least one identifier is given.
   */
  async function holdersOf(body: LookupBody, needOne: boolean): Promise<Array<[Matched, string[]]>> {
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
    if (needOne && body.idNumber === undefined && body.phone === undefined && body.accountId === undefined)
      details.push({ path: '/', message: 'needs at least one of idNumber, phone, accountId' });
    if (details.length) throw validationFailed(details);

    const given: Array<[Matched, string[]]> = [];
    if (idNumber) {
      const found = await repos.identity.findByKey('id', idNumberKey(hashPii, idType, idNumber));
      given.push(['idNumber', found ? [found.id] : []]);
    }
    if (phone) given.push(['phone', await repos.identity.holders('phone', phoneKey(hashPii, phone))]);
    if (body.accountId) given.push(['accountId', await repos.identity.holders('account', accountKey(hashPii, body.accountId))]);
    return given;
  }

  return {
    /**
     * Staff search for people (the console's search): by any identifier the lookup takes, by the
     * external id of one of their complaints, or by name (exact, or its beginning). Everything
     * arrives in a body; the answer names people by masked summaries only.
     */
    async search(body: SearchBody) {
      const given: Array<[SearchMatched, string[]]> = await holdersOf(body, false);
      if (body.externalId !== undefined) {
        const complaint = await repos.complaints.findByExternalId(body.externalId);
        given.push(['externalId', complaint ? [complaint.complainantId] : []]);
      }
      if (body.name !== undefined) given.push(['name', await repos.identity.idsByName(body.name.trim(), SEARCH_LIMIT)]);
      if (given.length === 0) throw validationFailed([{ path: '/', message: 'needs at least one of idNumber, phone, accountId, externalId, name' }]);
      const roots = await repos.identity.rootsOf([...new Set(given.flatMap(([, ids]) => ids))]);
      const matched = new Map<string, Set<SearchMatched>>();
      for (const [by, ids] of given)
        for (const id of ids) {
          const root = roots.get(id) ?? id;
          matched.set(root, (matched.get(root) ?? new Set()).add(by));
        }
      const ids = [...matched.keys()].sort().slice(0, SEARCH_LIMIT);
      const records = new Map((await repos.identity.findMany(ids)).map((r) => [r.id, r]));
      const people = await personSummaries(repos, ids);
      return {
        items: ids.map((id) => {
          const r = records.get(id);
          return {
            id,
            person: people.get(id)!,
            score: r?.score ?? 0,
            level: r?.level ?? 'none',
            registryState: r?.registryState ?? 'none',
            matchedBy: SEARCH_ORDER.filter((by) => matched.get(id)!.has(by)),
          };
        }),
        truncated: matched.size > SEARCH_LIMIT,
      };
    },

    async lookup(body: LookupBody) {
      const given = await holdersOf(body, true);
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
      // Indicator titles as frozen with the evidence, for the CSV.
      const titles: string[][] = [];
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
        titles.push((e.evidence?.findings ?? []).map((f) => f.title));
      }
      if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ items: rows }) };
      const csv = stringify(
        rows.map((r, k) => ({
          ...r,
          state: STATE_LABELS[r.state],
          identifiers: r.identifiers.map((i) => i.replace(/^([a-z_]+):/, (_m, type: string) => `${IDENTIFIER_LABELS[type] ?? type}：`)).join('；'),
          measures: r.measures.map((m) => MEASURE_LABELS[m]).join('；'),
          indicators: titles[k].join('；'),
        })),
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        { header: true, columns: CSV_COLUMNS, escape_formulas: true, bom: true },
      );
      return { contentType: 'text/csv; charset=utf-8', body: csv };
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
