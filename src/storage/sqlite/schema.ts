/**
 * SQLite tables (drizzle). Times are epoch milliseconds; money is integer fen (0.01 CNY) so
 * comparisons are exact; JSON columns hold values that are read whole (findings, evidence).
 * A PostgreSQL backend gets its own table file with the same names and columns.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ComplaintKind, Punitive } from '../../intake/vocabulary.js';
import type { DocumentKind, ServiceMethod } from '../../documents/document.js';

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  revokedAt: integer('revoked_at'),
  // Optional: a key past it is refused, and the scheduled work records its expiry.
  expiresAt: integer('expires_at'),
  // Set when the key's expiry was recorded in the audit log (by the scheduled work).
  expiredAt: integer('expired_at'),
});

/**
 * Staff sessions after signing in through the identity provider. Only a hash of the session id
 * (the cookie's secret) is stored; `id` is its public name in the audit log.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    displayName: text('display_name'),
    username: text('username'),
    // Sent back as id_token_hint when signing out at the provider.
    idToken: text('id_token'),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    // The absolute end, however busy the session.
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_by_expiry').on(t.expiresAt)],
);

/** Process-wide settings such as the active rule-set version. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const complainants = sqliteTable(
  'complainants',
  {
    // The rowid, named; public references use `id`.
    num: integer('num').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    keyType: text('key_type').notNull(), // 'id' | 'phone' | 'account'
    keyHash: text('key_hash').notNull(),
    idType: text('id_type'),
    name: text('name'),
    createdAt: integer('created_at').notNull(),
    mergedInto: text('merged_into'),
    // The stored assessment with the latest asOf (ties: most recently stored), copied here so the
    // review queue is one indexed read; written only together with that assessment.
    assessmentSeq: integer('assessment_seq'),
    assessedAsOf: integer('assessed_as_of'),
    // The current assessment's finding codes, so a rescan's "before" never reads the (large,
    // deflated) assessment itself. Null for records last assessed before this column existed.
    assessmentCodes: text('assessment_codes', { mode: 'json' }).$type<string[]>(),
    score: integer('score').notNull().default(0),
    // Complaints the current assessment's profit findings rest on: the work order's tie-breaker
    // after the score (0 for records last assessed before this column existed).
    profitCount: integer('profit_count').notNull().default(0),
    level: text('level').notNull().default('none'),
    // State of the latest registry entry, written with every entry change.
    registryState: text('registry_state').notNull().default('none'),
  },
  (t) => [
    uniqueIndex('complainants_key').on(t.keyType, t.keyHash),
    index('complainants_queue').on(t.score, t.id),
    index('complainants_level_queue').on(t.level, t.score, t.id),
    // Also lists the roots (merged_into IS NULL) in id order for rescans, without sorting them.
    index('complainants_merged').on(t.mergedInto, t.id),
  ],
);

/** Every identifier a complainant record has used, keyed-hashed, with its masked display form. */
export const identifiers = sqliteTable(
  'identifiers',
  {
    complainantId: text('complainant_id').notNull(),
    type: text('type').notNull(), // resident_id | passport | other | phone | account | address
    hash: text('hash').notNull(),
    masked: text('masked').notNull(),
    // Earliest receivedAt of a complaint carrying it: links count as of the later of two such times.
    firstSeenAt: integer('first_seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.hash, t.complainantId] }),
    // Covers the own side of identity links (what a complainant holds, since when): no table lookups.
    index('identifiers_owner').on(t.complainantId, t.type, t.hash, t.firstSeenAt),
  ],
);

export const complaints = sqliteTable(
  'complaints',
  {
    // Storage order: "stored after a decision" compares these.
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    externalId: text('external_id').notNull().unique(),
    contentHash: text('content_hash').notNull(),
    complainantId: text('complainant_id').notNull(),
    kind: text('kind').$type<ComplaintKind>().notNull(),
    receivedAt: integer('received_at').notNull(),
    respondentName: text('respondent_name').notNull(),
    respondentCreditCode: text('respondent_credit_code'),
    respondentRegion: text('respondent_region'),
    purchaseAt: integer('purchase_at'),
    purchaseAmount: integer('purchase_amount'),
    purchaseQuantity: real('purchase_quantity'),
    purchaseProduct: text('purchase_product'),
    purchaseOrderIds: text('purchase_order_ids', { mode: 'json' }).$type<string[]>(),
    claimAmount: integer('claim_amount'),
    claimPunitive: text('claim_punitive').$type<Punitive>(),
    claimReward: integer('claim_reward', { mode: 'boolean' }),
    claimHarm: integer('claim_harm', { mode: 'boolean' }),
    textHash: text('text_hash').notNull(),
    // What detection reads of the complaint (explicit fields, else what the text says), derived once
    // at intake so assessments never re-read the text.
    facts: text('facts', { mode: 'json' }).notNull(),
    // The best near-duplicates among the same complainant's earlier complaints, found at intake:
    // TEMPLATE_SELF reads them with the history instead of querying pairs.
    selfMatches: text('self_matches', { mode: 'json' }).notNull().$type<Array<{ seq: number; similarity: number }>>(),
    channel: text('channel'),
    respondentPlatform: text('respondent_platform'),
    respondentShopId: text('respondent_shop_id'),
    idType: text('id_type'),
    idMasked: text('id_masked'),
    phoneMasked: text('phone_masked'),
    accountMasked: text('account_masked'),
    createdAt: integer('created_at').notNull(),
    // Large, rarely read columns last: a row's head stays in its page, so reads of it (references
    // of matches, facts) never follow overflow pages into the text. Histories come from an index.
    complainantName: text('complainant_name'),
    complainantAddress: text('complainant_address'),
    // The text as the similarity index saw it, for exact checks of near-threshold matches.
    textNormalised: text('text_normalised').notNull(),
    // The intake answer as first given (with the assessment it names), replayed for a repeated externalId.
    result: text('result', { mode: 'json' }).notNull(),
    signature: blob('signature', { mode: 'buffer' }),
    text: text('text').notNull(),
  },
  (t) => [
    // Covers everything detection reads of a complaint, so a complainant's history is one range
    // read in this index rather than a lookup per complaint in the wide table (at 1M stored, a
    // rescan spent twice as long in those lookups as in the rest of the history read).
    index('complaints_by_complainant').on(
      t.complainantId,
      t.receivedAt,
      t.seq,
      t.id,
      t.externalId,
      t.kind,
      t.respondentName,
      t.respondentCreditCode,
      t.respondentRegion,
      t.purchaseAt,
      t.textHash,
      t.facts,
      t.selfMatches,
    ),
    index('complaints_received').on(t.receivedAt),
    // Start-up rebuilds the similarity index from the signatures alone: a scan of this index
    // instead of every complaint row, which also left the page cache full of complaint rows.
    index('complaints_signatures').on(t.seq, t.signature),
    // Intake reads a few dozen other complaints by seq: the ids of the near-duplicates it shows,
    // and the normalised texts of those it checks exactly. Read from these narrow indexes (~90
    // and ~400 bytes an entry) instead of the rows (kilobytes, 3.4 GB at 1.16M), their pages are
    // far more often cached: at 1M a cold row read held an intake for 10–40 ms
    // (docs/performance.md). Start-up reads the match directory from the first.
    index('complaints_refs').on(t.seq, t.id, t.externalId, t.complainantId, t.receivedAt),
    index('complaints_normalised').on(t.seq, t.textNormalised),
  ],
);

export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    complaintId: text('complaint_id').notNull(),
    // The complaint's complainant record, so detection reads a complainant's events in one range.
    // Always written; nullable only because SQLite cannot add a NOT NULL column to stored rows
    // (migration 0002 fills it for events stored before it).
    complainantId: text('complainant_id'),
    type: text('type').notNull(),
    at: integer('at').notNull(),
    amount: integer('amount'),
    // amount with null as -1, so "same type, at and amount" is one unique index.
    amountKey: integer('amount_key').notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('events_identity').on(t.complaintId, t.type, t.at, t.amountKey),
    // Every column detection reads, by complainant: one range per complainant instead of a seek per
    // complaint (at 1M stored, a rescan spent about a tenth of its time on those seeks).
    index('events_by_complainant').on(t.complainantId, t.at, t.seq, t.id, t.complaintId, t.type, t.amount, t.note, t.createdAt),
  ],
);

/** Verified near-duplicate pairs, found when the later-stored complaint arrived. */
/**
 * Personal numbers found in free text (complaint texts, event notes, reviewers' reasons), which is
 * stored masked: the keyed hash of each, under the same convention as structured identifiers, so
 * a number written in a text can still be matched to a person.
 */
export const textIdentifiers = sqliteTable(
  'text_identifiers',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    // complaint | event | registry_entry | allowlist | merge
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    type: text('type').notNull(),
    hash: text('hash').notNull(),
    masked: text('masked').notNull(),
  },
  (t) => [index('text_identifiers_by_hash').on(t.hash), index('text_identifiers_by_source').on(t.sourceId)],
);

export const similarPairs = sqliteTable(
  'similar_pairs',
  {
    complaintSeq: integer('complaint_seq').notNull(),
    otherSeq: integer('other_seq').notNull(),
    similarity: real('similarity').notNull(),
    // Who filed each side and when (both immutable), so TEMPLATE_RING reads pairs without joins.
    complaintReceivedAt: integer('complaint_received_at').notNull(),
    complaintComplainant: text('complaint_complainant').notNull(),
    otherReceivedAt: integer('other_received_at').notNull(),
    otherComplainant: text('other_complainant').notNull(),
  },
  // Stored WITHOUT ROWID in key order (see the migration), so a complaint's pairs are one range
  // read, and each commit writes the table's last leaves only. Read from the older end through
  // similar_pairs_by_older.
  (t) => [primaryKey({ columns: [t.complaintSeq, t.otherSeq] })],
);

/**
 * The pairs again, by their older complaint, merged in behind a mark per block of older seqs
 * (reverse-pairs.ts): a pair is here once its later complaint's seq is at most the mark of its
 * older complaint's block; later pairs are read from `similar_pairs` through a cache in memory.
 * An index kept up to date row by row wrote a random leaf for each pair, a quarter of the pages a
 * complaint wrote. WITHOUT ROWID (see the migration).
 */
export const similarPairsByOlder = sqliteTable(
  'similar_pairs_by_older',
  {
    otherSeq: integer('other_seq').notNull(),
    complaintSeq: integer('complaint_seq').notNull(),
    similarity: real('similarity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.otherSeq, t.complaintSeq] })],
);

/** How far each block of older seqs (`other_seq >> bits`) is merged into similar_pairs_by_older. */
export const similarPairMarks = sqliteTable('similar_pair_marks', {
  block: integer('block').primaryKey(),
  /** Every pair whose later complaint's seq is at most this is in similar_pairs_by_older. */
  through: integer('through').notNull(),
});

export const assessments = sqliteTable(
  'assessments',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    complainantId: text('complainant_id').notNull(),
    asOf: integer('as_of').notNull(),
    ruleSetVersion: text('rule_set_version').notNull(),
    score: integer('score').notNull(),
    level: text('level').notNull(),
    // Deflated JSON: every intake stores one, and heavy filers' findings run to tens of kilobytes.
    findings: blob('findings', { mode: 'buffer' }).notNull(),
    counts: text('counts', { mode: 'json' }).notNull(),
    source: text('source').notNull(), // intake | event | merge | rescan
    sourceId: text('source_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('assessments_by_complainant').on(t.complainantId, t.asOf, t.seq)],
);

export const ruleSets = sqliteTable('rule_sets', {
  version: text('version').primaryKey(),
  body: text('body', { mode: 'json' }).notNull(),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const registryEntries = sqliteTable(
  'registry_entries',
  {
    id: text('id').primaryKey(),
    complainantId: text('complainant_id').notNull(),
    state: text('state').notNull(),
    origin: text('origin').notNull(), // automatic | manual
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: integer('updated_at').notNull(),
    proposedBy: text('proposed_by'),
    proposedAt: integer('proposed_at'),
    approvedBy: text('approved_by'),
    approvedAt: integer('approved_at'),
    deadline: integer('deadline'),
    defences: text('defences', { mode: 'json' }),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    listedAt: integer('listed_at'),
    expiresAt: integer('expires_at'),
    measures: text('measures', { mode: 'json' }),
    evidence: text('evidence', { mode: 'json' }),
    renewals: text('renewals', { mode: 'json' }),
    noticeHtml: text('notice_html'),
    closedAt: integer('closed_at'),
    // Highest complaint seq when the entry closed: later complaints are new evidence.
    closedSeq: integer('closed_seq'),
    // Who holds the entry's review: the reviewer who claimed it or made the manual proposal
    // (null for entries claimed before this column existed, and for unclaimed flags).
    heldBy: text('held_by'),
  },
  (t) => [
    index('registry_by_complainant').on(t.complainantId, t.createdAt),
    index('registry_by_created').on(t.createdAt, t.id),
    index('registry_by_state').on(t.state, t.createdAt, t.id),
    index('registry_by_holder').on(t.heldBy, t.createdAt, t.id),
    uniqueIndex('registry_one_open').on(t.complainantId).where(sql`state NOT IN ('dismissed', 'removed')`),
  ],
);

/** Append-only, hash-chained record of every state change. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    // Assigned by the audit repository: the record's hash covers it.
    seq: integer('seq').primaryKey(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    // JSON: the identity provider's issuer, subject and names of a person acting in a session.
    actorIdentity: text('actor_identity'),
    at: integer('at').notNull(),
    reason: text('reason'),
    fromState: text('from_state'),
    toState: text('to_state'),
    // JSON, parsed by the audit repository: a damaged row must be reportable, not a crash.
    data: text('data'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    // HMAC under the audit key (outside the database); null only on records from before keys.
    mac: text('mac'),
  },
  (t) => [
    index('audit_by_entity').on(t.entityId, t.seq),
    // /metrics counts registry transitions by action at every scrape: a scan of this index, not the chain.
    index('audit_by_action').on(t.entityType, t.action),
  ],
);

export const allowlist = sqliteTable(
  'allowlist',
  {
    id: text('id').primaryKey(),
    complainantId: text('complainant_id').notNull(),
    reason: text('reason').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('allowlist_by_complainant').on(t.complainantId)],
);

export const merges = sqliteTable('merges', {
  id: text('id').primaryKey(),
  keptId: text('kept_id').notNull(),
  otherId: text('other_id').notNull(),
  // Records moved under the kept one and where each pointed before, so an unmerge restores exactly them.
  moved: text('moved', { mode: 'json' }).notNull().$type<Array<{ id: string; previous: string | null }>>(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  at: integer('at').notNull(),
  undoneAt: integer('undone_at'),
  undoneBy: text('undone_by'),
  undoReason: text('undo_reason'),
});

export const rescans = sqliteTable('rescans', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  dryRun: integer('dry_run', { mode: 'boolean' }).notNull(),
  ruleSetVersion: text('rule_set_version').notNull(),
  ruleSet: text('rule_set', { mode: 'json' }).notNull(),
  asOf: integer('as_of'),
  requestedBy: text('requested_by').notNull(),
  createdAt: integer('created_at').notNull(),
  startedAt: integer('started_at'),
  finishedAt: integer('finished_at'),
  progressDone: integer('progress_done').notNull().default(0),
  progressTotal: integer('progress_total').notNull().default(0),
  diff: text('diff', { mode: 'json' }),
  error: text('error'),
});

/** Per-complainant outcome of a rescan: the checkpointed work a resumed run keeps. */
export const rescanItems = sqliteTable(
  'rescan_items',
  {
    rescanId: text('rescan_id').notNull(),
    complainantId: text('complainant_id').notNull(),
    beforeLevel: text('before_level').notNull(),
    beforeScore: integer('before_score').notNull(),
    afterLevel: text('after_level').notNull(),
    afterScore: integer('after_score').notNull(),
    findings: text('findings', { mode: 'json' }).notNull(),
    outcome: text('outcome').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rescanId, t.complainantId] })],
);

/**
 * The last document number given per prefix and year. Incremented in the transaction that stores
 * the document, so a rolled-back transaction gives its number back and a committed one never
 * gives it again. Keyed by prefix (not kind): two kinds a bureau numbers with one prefix share
 * one sequence, so a number is never printed twice.
 */
export const documentCounters = sqliteTable(
  'document_counters',
  {
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

/** Documents served on a person (告知书, 决定书, …), frozen as issued: HTML, then its PDF. */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    entryId: text('entry_id').notNull(),
    kind: text('kind').$type<DocumentKind>().notNull(),
    number: text('number').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    html: text('html').notNull(),
    htmlSha256: text('html_sha256').notNull(),
    // Rendered after the transaction that issued the document; set once.
    pdf: blob('pdf', { mode: 'buffer' }),
    pdfSha256: text('pdf_sha256'),
    pdfAt: integer('pdf_at'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('documents_by_entry').on(t.entryId, t.createdAt), uniqueIndex('documents_number').on(t.number)],
);

/** How and when a document reached the person (送达); one record per document. */
export const documentServices = sqliteTable('document_services', {
  documentId: text('document_id').primaryKey(),
  method: text('method').$type<ServiceMethod>().notNull(),
  servedOn: text('served_on').notNull(), // YYYY-MM-DD, Asia/Shanghai
  note: text('note'),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: integer('recorded_at').notNull(),
});
