/**
 * Resolving who filed a complaint (domain.md, "Identity"): by ID number, else phone, else channel
 * account. Other identifiers are attached to the resolved record; sharing one with another record
 * is a link (evidence for SHARED_IDENTITY), never a merge — merging is a reviewer's decision.
 */
import { accountKey, addressKey, idNumberKey, phoneKey } from './identifier-keys.js';
import type { ComplaintInput } from '../intake/complaint.validation.js';
import { newOrderedId } from '../shared/ids.js';
import { normaliseAddress } from './address.js';
import type { ComplainantRecord, IdentifierRecord, IdentityRepository } from '../storage/ports.js';
import type { IdentifierType, KeyType } from './identifier-keys.js';
import { districtOf, maskAccount, maskIdNumber, maskPhone } from './masking.js';
import type { PiiHasher } from './pii.js';

export interface HashedIdentifiers {
  /** In resolution order: ID number, phone, account. */
  keys: Array<{ keyType: KeyType; identifier: Omit<IdentifierRecord, 'complainantId' | 'firstSeenAt'> }>;
  extra: Array<Omit<IdentifierRecord, 'complainantId' | 'firstSeenAt'>>;
  idType: string | null;
}

/** Hashes and masks a complaint's identifiers; the raw values go no further than this. */
export function hashIdentifiers(c: ComplaintInput['complainant'], hash: PiiHasher): HashedIdentifiers {
  const keys: HashedIdentifiers['keys'] = [];
  if (c.idNumber) {
    const type = c.idType as IdentifierType;
    keys.push({ keyType: 'id', identifier: { type, hash: idNumberKey(hash, type, c.idNumber), masked: maskIdNumber(c.idNumber) } });
  }
  if (c.phone) keys.push({ keyType: 'phone', identifier: { type: 'phone', hash: phoneKey(hash, c.phone), masked: maskPhone(c.phone) } });
  if (c.accountId) keys.push({ keyType: 'account', identifier: { type: 'account', hash: accountKey(hash, c.accountId), masked: maskAccount(c.accountId) } });
  const extra: HashedIdentifiers['extra'] = [];
  const address = c.address ? normaliseAddress(c.address) : '';
  if (address) extra.push({ type: 'address', hash: addressKey(hash, address), masked: districtOf(c.address!) });
  return { keys, extra, idType: c.idNumber ? c.idType : null };
}

export interface Resolution {
  record: ComplainantRecord;
  /** The complainant the record counts under (itself unless a reviewer merged it). */
  rootId: string;
}

export async function resolveComplainant(
  repo: IdentityRepository,
  ids: HashedIdentifiers,
  opts: { receivedAt: number; name?: string; now: number },
): Promise<Resolution> {
  const [primary] = ids.keys;
  let record = await repo.findByKey(primary.keyType, primary.identifier.hash);
  if (!record && primary.keyType !== 'id') {
    // Without an ID number, a phone or account used by exactly one person is that person.
    const holders = await repo.holders(primary.identifier.type, primary.identifier.hash);
    if (holders.length === 1) record = await repo.findById(holders[0]);
  }
  record ??= await repo.create({
    id: newOrderedId('p'),
    keyType: primary.keyType,
    keyHash: primary.identifier.hash,
    idType: primary.keyType === 'id' ? ids.idType : null,
    name: opts.name ?? null,
    createdAt: opts.now,
  });
  if (opts.name && opts.name !== record.name) await repo.setName(record.id, opts.name);
  for (const identifier of [...ids.keys.map((k) => k.identifier), ...ids.extra]) {
    await repo.attach({ ...identifier, complainantId: record.id, firstSeenAt: opts.receivedAt });
  }
  return { record, rootId: record.mergedInto ?? record.id };
}
