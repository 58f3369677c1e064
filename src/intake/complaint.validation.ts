/**
 * Turns a request body into a validated, normalised complaint — or the full list of problems.
 * Used for single posts and for each batch item, so both answer identically.
 */
import type { ErrorDetail } from '../shared/errors.js';
import { ajvDetails, createAjv, illFormedStrings } from '../shared/validation.js';
import { parseTime } from '../shared/time.js';
import { toFen } from '../shared/money.js';
import { normaliseResidentId } from '../identity/resident-id.js';
import { normaliseCreditCode } from '../identity/credit-code.js';
import { normalisePhone } from '../identity/phone.js';
import { ComplaintBody, EventBody, type ComplaintKind, type EventType, type IdType, type Punitive } from './complaint.schema.js';

/** A complaint after validation: times in epoch ms, money in fen, identifiers normalised. */
export interface ComplaintInput {
  externalId: string;
  kind: ComplaintKind;
  receivedAt: number;
  channel?: string;
  complainant: {
    name?: string;
    idType: IdType;
    idNumber?: string;
    phone?: string;
    address?: string;
    accountId?: string;
  };
  respondent: { name: string; creditCode?: string; region?: string; platform?: string; shopId?: string };
  purchase?: { at?: number; amount?: number; quantity?: number; product?: string; orderIds?: string[] };
  claim?: { amount?: number; punitive?: Punitive; reward?: boolean; harm?: boolean };
  text: string;
}

export interface EventInput {
  type: EventType;
  at: number;
  amount?: number;
  note?: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

const ajv = createAjv();
const checkComplaint = ajv.compile(ComplaintBody);
const checkEvent = ajv.compile(EventBody);

function time(value: string | undefined, path: string, details: ErrorDetail[]): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTime(value);
  if (ms === null) details.push({ path, message: 'must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T10:00:00+08:00' });
  return ms ?? undefined;
}

const fen = (yuan: number | undefined) => (yuan === undefined ? undefined : toFen(yuan));

function surrogateProblems(raw: unknown): ErrorDetail[] {
  return illFormedStrings(raw).map((path) => ({ path, message: 'contains a lone surrogate (not valid Unicode)' }));
}

export function validateComplaint(raw: unknown): Validated<ComplaintInput> {
  const details = surrogateProblems(raw);
  if (!checkComplaint(raw)) return { ok: false, details: [...details, ...ajvDetails(checkComplaint.errors)] };
  const body = raw as ComplaintBody;
  const c = body.complainant;
  const idType = (c.idType ?? 'resident_id') as IdType;

  let idNumber: string | undefined;
  if (c.idNumber !== undefined) {
    if (idType === 'resident_id') {
      idNumber = normaliseResidentId(c.idNumber) ?? undefined;
      if (!idNumber) details.push({ path: '/complainant/idNumber', message: 'is not a valid resident ID number (18 characters, GB 11643 check digit)' });
    } else {
      idNumber = c.idNumber.trim().toUpperCase();
      if (!idNumber) details.push({ path: '/complainant/idNumber', message: 'must not be blank' });
    }
  }
  let phone: string | undefined;
  if (c.phone !== undefined) {
    phone = normalisePhone(c.phone) ?? undefined;
    if (!phone) details.push({ path: '/complainant/phone', message: 'is not a phone number (digits, optionally +86, spaces or dashes)' });
  }
  if (c.idNumber === undefined && c.phone === undefined && c.accountId === undefined) {
    details.push({ path: '/complainant', message: 'needs at least one of idNumber, phone, accountId' });
  }
  let creditCode: string | undefined;
  if (body.respondent.creditCode !== undefined) {
    creditCode = normaliseCreditCode(body.respondent.creditCode) ?? undefined;
    if (!creditCode) details.push({ path: '/respondent/creditCode', message: 'is not a valid unified social credit code (GB 32100)' });
  }
  const receivedAt = time(body.receivedAt, '/receivedAt', details);
  const purchaseAt = time(body.purchase?.at, '/purchase/at', details);
  if (details.length) return { ok: false, details };

  const value: ComplaintInput = {
    externalId: body.externalId,
    kind: (body.kind ?? 'complaint') as ComplaintKind,
    receivedAt: receivedAt!,
    channel: body.channel,
    complainant: { name: c.name, idType, idNumber, phone, address: c.address, accountId: c.accountId },
    respondent: { ...body.respondent, creditCode },
    text: body.text,
  };
  if (body.purchase) {
    const p = body.purchase;
    value.purchase = { at: purchaseAt, amount: fen(p.amount), quantity: p.quantity, product: p.product, orderIds: p.orderIds };
  }
  if (body.claim) {
    const k = body.claim;
    value.claim = { amount: fen(k.amount), punitive: k.punitive as Punitive | undefined, reward: k.reward, harm: k.harm };
  }
  return { ok: true, value };
}

export function validateEvent(raw: unknown): Validated<EventInput> {
  const details = surrogateProblems(raw);
  if (!checkEvent(raw)) return { ok: false, details: [...details, ...ajvDetails(checkEvent.errors)] };
  const body = raw as EventBody;
  const at = time(body.at, '/at', details);
  if (body.amount !== undefined && body.type !== 'settled' && body.type !== 'compensated') {
    details.push({ path: '/amount', message: 'is allowed only with settled and compensated events' });
  }
  if (details.length) return { ok: false, details };
  return { ok: true, value: { type: body.type as EventType, at: at!, amount: fen(body.amount), note: body.note } };
}
