/**
 * The storage ports: what the domain may ask of storage, per aggregate, as plain rows (no driver or
 * query-builder types) behind asynchronous methods, and the unit of work (`Store.write`) that hands
 * the same repositories bound to one transaction. The embedded SQLite implementation lives in
 * `storage/sqlite/`; a second backend implements these interfaces and passes `test/contract/`.
 */
import type { Role } from '../config.js';
import type { Finding, Level } from '../detection/types.js';
import type { ComplaintKind, EventType, Punitive } from '../intake/vocabulary.js';
import type { FoundIdentifier } from '../identity/free-text.js';
import type { IdentifierType, KeyType } from '../identity/identifier-keys.js';
import type { AuditContent, AuditRecord } from '../registry/audit.js';
import type { AllowlistRecord, EntryRecord, MergeRecord } from '../registry/entry.js';
import type { RegistryState } from '../registry/state-machine.js';
import type { RescanDiff, RescanOutcome, RescanState } from '../rescan/types.js';
import type { DocumentRecord, DocumentSummary, ServiceRecord } from '../documents/document.js';

// ─── complaints ───

/** A stored complaint, every column. */
export interface ComplaintRecord {
  seq: number;
  id: string;
  externalId: string;
  contentHash: string;
  complainantId: string;
  kind: ComplaintKind;
  receivedAt: number;
  respondentName: string;
  respondentCreditCode: string | null;
  respondentRegion: string | null;
  purchaseAt: number | null;
  purchaseAmount: number | null;
  purchaseQuantity: number | null;
  purchaseProduct: string | null;
  purchaseOrderIds: string[] | null;
  claimAmount: number | null;
  claimPunitive: Punitive | null;
  claimReward: boolean | null;
  claimHarm: boolean | null;
  textHash: string;
  facts: unknown;
  selfMatches: Array<{ seq: number; similarity: number }>;
  channel: string | null;
  respondentPlatform: string | null;
  respondentShopId: string | null;
  idType: string | null;
  idMasked: string | null;
  phoneMasked: string | null;
  accountMasked: string | null;
  createdAt: number;
  complainantName: string | null;
  complainantAddress: string | null;
  textNormalised: string;
  result: unknown;
  signature: Buffer | null;
  text: string;
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A complaint to store: its `seq` is given by storage; optional columns may be left out. */
export type NewComplaint = Optional<
  Omit<ComplaintRecord, 'seq'>,
  | 'respondentCreditCode'
  | 'respondentRegion'
  | 'purchaseAt'
  | 'purchaseAmount'
  | 'purchaseQuantity'
  | 'purchaseProduct'
  | 'purchaseOrderIds'
  | 'claimAmount'
  | 'claimPunitive'
  | 'claimReward'
  | 'claimHarm'
  | 'channel'
  | 'respondentPlatform'
  | 'respondentShopId'
  | 'idType'
  | 'idMasked'
  | 'phoneMasked'
  | 'accountMasked'
  | 'complainantName'
  | 'complainantAddress'
  | 'signature'
>;

/** The columns every read of a complaint carries, with its derived facts. */
type ComplaintCore = Pick<
  ComplaintRecord,
  | 'seq'
  | 'id'
  | 'externalId'
  | 'complainantId'
  | 'kind'
  | 'receivedAt'
  | 'respondentName'
  | 'respondentCreditCode'
  | 'respondentRegion'
  | 'purchaseAt'
  | 'textHash'
  | 'facts'
  | 'selfMatches'
>;

/** What detection reads of a complaint: the few columns the indicators need, and its facts. */
export type DetectionRow = ComplaintCore;

/** Who filed a complaint, and when: what labels it as a near-duplicate match. */
export interface ComplaintRef {
  seq: number;
  id: string;
  externalId: string;
  complainantId: string;
  receivedAt: number;
}

export interface ComplaintSummary extends ComplaintCore {
  purchaseAmount: number | null;
  purchaseQuantity: number | null;
  purchaseProduct: string | null;
  purchaseOrderIds: string[] | null;
  claimAmount: number | null;
  claimPunitive: Punitive | null;
}

export interface EventRecord {
  seq: number;
  id: string;
  complaintId: string;
  type: EventType;
  at: number;
  amount: number | null;
  note: string | null;
  createdAt: number;
}

/** What facts are read from: the text, the explicit fields that win over it, and the facts stored. */
export type FactsSource = Pick<
  ComplaintSummary,
  'seq' | 'id' | 'respondentName' | 'facts' | 'purchaseAmount' | 'purchaseQuantity' | 'purchaseProduct' | 'purchaseOrderIds' | 'claimAmount' | 'claimPunitive'
> & { text: string; claimReward: boolean | null; claimHarm: boolean | null };

/** A stored text replaced (masked) with everything derived from it. */
export interface TextReplacement {
  text: string;
  textHash: string;
  textNormalised: string;
  signature: Buffer | null;
  facts: unknown;
}

export interface RingCandidate {
  seq: number;
  otherSeq: number;
  similarity: number;
  otherReceivedAt: number;
  /** The complainant record that filed the other complaint (before any reviewer merge). */
  otherComplainant: string;
}

/** A stored near-duplicate pair as written: the later-stored complaint, the one it resembles, and who filed each when. */
export interface StoredPair {
  complaintSeq: number;
  otherSeq: number;
  similarity: number;
  complaintReceivedAt: number;
  complaintComplainant: string;
  otherReceivedAt: number;
  otherComplainant: string;
}

/**
 * A complaint a transaction has just stored, as a cache catching up would read it back: its row
 * (`detectionRowOf`, made when asked) and the pairs stored with it.
 */
export interface StoredComplaint {
  seq: number;
  complainantId: string;
  row(): DetectionRow;
  pairs: StoredPair[];
}

export interface PairRecord {
  /** Our complaint. */
  seq: number;
  otherSeq: number;
  similarity: number;
}

export interface ComplaintRepository {
  findByExternalId(externalId: string): Promise<ComplaintRecord | undefined>;
  findById(id: string): Promise<ComplaintRecord | undefined>;
  insert(row: NewComplaint): Promise<number>;
  setResult(seq: number, result: unknown): Promise<void>;
  summariesBySeq(seqs: number[]): Promise<ComplaintSummary[]>;
  /** Normalised texts, for exact similarity checks. */
  normalisedTexts(seqs: number[]): Promise<Map<number, string>>;
  /** The complaints of these records received in (from, to], oldest first — as detection reads them. */
  history(complainantIds: string[], from: number, to: number): Promise<DetectionRow[]>;
  /** Complaints of these records stored after `afterSeq` (any receivedAt, in no promised order), as detection reads them. */
  historySince(complainantIds: string[], afterSeq: number): Promise<DetectionRow[]>;
  /** All complaints of these records, newest first, for the profile. */
  timeline(complainantIds: string[]): Promise<ComplaintSummary[]>;
  latestReceivedAt(complainantIds: string[]): Promise<number | null>;
  /** When the newest stored complaint was received (null when none is stored). */
  newestReceivedAt(): Promise<number | null>;
  texts(seqs: number[]): Promise<Array<{ seq: number; id: string; text: string; respondentName: string }>>;
  maxSeq(): Promise<number>;
  /** Streams stored signatures in storage order, for rebuilding the in-memory index. */
  signatures(afterSeq: number, limit: number): Promise<Array<{ seq: number; signature: Buffer | null }>>;
  count(): Promise<number>;
  /** What facts are read from (text and explicit fields) with the stored facts, in storage order. */
  factsSources(afterSeq: number, limit: number): Promise<FactsSource[]>;
  /** Replaces a complaint's stored facts (an upgrade reading stored texts with a new lexicon). */
  setFacts(seq: number, facts: unknown): Promise<void>;
  /** Replaces a complaint's text and what was derived from it (personal numbers masked at upgrade). */
  replaceText(seq: number, r: TextReplacement): Promise<void>;
  /** Events with a note, in seq order from `afterSeq`. */
  notes(afterSeq: number, limit: number): Promise<Array<{ seq: number; id: string; note: string }>>;
  setNote(seq: number, note: string): Promise<void>;

  insertPairs(
    complaint: { seq: number; receivedAt: number; complainantId: string },
    pairs: Array<{ otherSeq: number; similarity: number; otherReceivedAt: number; otherComplainantId: string }>,
  ): Promise<void>;
  /** Verified pairs touching any of these complaints, from either side. */
  pairsOf(seqs: number[]): Promise<PairRecord[]>;
  /** Pairs with both complaints among `seqs` (one row per pair). */
  pairsWithin(seqs: number[]): Promise<PairRecord[]>;
  /**
   * Near-duplicates (at least `min`) of the complaints `seqs` among complaints outside `excluded`
   * received in (from, to], with who filed them — from the pair rows alone.
   */
  ringCandidates(seqs: number[], excluded: number[], min: number, from: number, to: number): Promise<RingCandidate[]>;
  /** The facts of some complaints, by seq. */
  factsBySeq(seqs: number[]): Promise<Map<number, unknown>>;
  /** Just who filed which complaint, and when: for labelling near-duplicate matches. */
  refsBySeq(seqs: number[]): Promise<ComplaintRef[]>;
  /** Each complaint's ids, who filed it and when, in storage order after `afterSeq`, at most `limit`: for rebuilding the match directory. */
  filedAfter(afterSeq: number, limit: number): Promise<ComplaintRef[]>;

  findEvent(complaintId: string, type: string, at: number, amount: number | null): Promise<EventRecord | undefined>;
  /** Stores an event; `complainantId` is the complaint's own complainant record. */
  insertEvent(e: Omit<EventRecord, 'seq'> & { complainantId: string }): Promise<EventRecord>;
  eventsOf(complaintIds: string[]): Promise<EventRecord[]>;
  /** Events dated at or before `to` on any complaint of these complainant records, by date. */
  eventsOfComplainants(complainantIds: string[], to: number): Promise<EventRecord[]>;

  // What a cache over committed rows catches up from (detection/profiles.ts): complaint rows,
  // pairs and events are only ever appended, each in its own storage order.
  /** Complaints stored after `afterSeq`, in storage order, at most `limit`, as detection reads them. */
  detectionRowsAfter(afterSeq: number, limit: number): Promise<DetectionRow[]>;
  /**
   * The row `insert` just stored as `seq`, exactly as `detectionRowsAfter` would read it back,
   * made from the values written (each column's own encoding and decoding) without reading them.
   */
  detectionRowOf(seq: number, row: NewComplaint): DetectionRow;
  /** Pairs written with complaints stored after `afterSeq` (a pair is written with its later complaint). */
  pairsAfter(afterSeq: number): Promise<StoredPair[]>;
  /** Events stored after `afterSeq`, in storage order, at most `limit`, with their complainant record. */
  eventsAfter(afterSeq: number, limit: number): Promise<Array<EventRecord & { complainantId: string }>>;
  maxEventSeq(): Promise<number>;
  /** `maxSeq` and `maxEventSeq` in one read: whether anything was stored after a cache's cursors. */
  storedThrough(): Promise<{ complaint: number; event: number }>;
}

// ─── identity ───

export interface ComplainantRecord {
  num: number;
  id: string;
  keyType: KeyType;
  keyHash: string;
  idType: string | null;
  name: string | null;
  createdAt: number;
  mergedInto: string | null;
  score: number;
  /** Complaints the current assessment's profit findings rest on. */
  profitCount: number;
  level: Level;
  registryState: RegistryState | 'none';
  assessedAsOf: number | null;
  assessmentSeq: number | null;
  assessmentCodes: string[] | null;
}

export interface IdentifierRecord {
  complainantId: string;
  type: IdentifierType;
  hash: string;
  masked: string;
  firstSeenAt: number;
}

/** Another record sharing an identifier with one of ours; `since` is when both had used it. */
export interface IdentityLink {
  complainantId: string;
  otherId: string;
  via: IdentifierType;
  hash: string;
  masked: string;
  since: number;
  otherKeyType: KeyType;
  otherKeyHash: string;
}

export interface IdentityRepository {
  findByKey(keyType: KeyType, keyHash: string): Promise<ComplainantRecord | undefined>;
  findById(id: string): Promise<ComplainantRecord | undefined>;
  findMany(ids: string[]): Promise<ComplainantRecord[]>;
  /** The complainant each record counts under (itself unless merged). */
  rootsOf(ids: string[]): Promise<Map<string, string>>;
  create(rec: Pick<ComplainantRecord, 'id' | 'keyType' | 'keyHash' | 'idType' | 'name' | 'createdAt'>): Promise<ComplainantRecord>;
  setName(id: string, name: string): Promise<void>;
  /** Records whose name is this one or begins with it (compared exactly: case, `%` and `_` as given), in id order, at most `limit`. */
  idsByName(name: string, limit: number): Promise<string[]>;
  /** Complainant records holding an identifier. */
  holders(type: IdentifierType, hash: string): Promise<string[]>;
  /** Records the identifier on a complainant, keeping the earliest time it was seen. */
  attach(rec: IdentifierRecord): Promise<void>;
  identifiersOf(complainantIds: string[]): Promise<IdentifierRecord[]>;
  /** Other records sharing a phone, address or account with one of these (callers drop their own). */
  linksOf(complainantIds: string[]): Promise<IdentityLink[]>;
  /** A complainant and the records merged into it. */
  members(rootId: string): Promise<string[]>;
  /** Records merged into any of these roots (the roots themselves not included). */
  mergedInto(rootIds: string[]): Promise<Array<{ id: string; root: string }>>;
  /** Every record merged into another, with the root it was merged into. */
  mergedRecords(): Promise<Array<{ id: string; root: string }>>;
  setMergedInto(ids: string[], rootId: string | null): Promise<void>;
  /** Makes this the complainant's current assessment unless one with a later asOf is stored. */
  offerAssessment(id: string, a: { seq: number; asOf: number; score: number; level: string; codes: string[]; profitCount?: number }): Promise<void>;
  setRegistryState(id: string, state: string): Promise<void>;
  /** Assessed complainants (merged records excluded), highest score first, then id. */
  queue(q: { levels?: readonly string[]; registryState?: string; after?: { score: number; id: string }; limit: number }): Promise<ComplainantRecord[]>;
  /**
   * The same people in the order work is done: open work first (flagged, under review, proposed,
   * notified; then not in the registry; then listed; then closed), then score, then the complaints
   * their profit findings rest on, then the oldest open flag; paged by position. `levels`: any of these.
   */
  workQueue(q: { levels?: readonly string[]; registryState?: string; offset: number; limit: number }): Promise<ComplainantRecord[]>;
  /** Every complainant counted on its own (not merged into another), in id order, from `afterId`. */
  rootIds(afterId: string, limit: number): Promise<string[]>;
  countRoots(): Promise<number>;
  /** Complainants counted on their own, by assessment level (for /metrics). */
  countByLevel(): Promise<Array<{ level: string; n: number }>>;
  /** Keeps the keyed hashes of the personal numbers found in a free text (stored masked). */
  recordTextIdentifiers(sourceType: string, sourceId: string, found: FoundIdentifier[]): Promise<void>;
  /** What was found in the free texts of these sources (complaints, events, entries …). */
  textIdentifiersOf(sourceIds: string[]): Promise<Array<FoundIdentifier & { sourceType: string; sourceId: string }>>;
}

// ─── assessments ───

export interface StoredAssessment {
  seq: number;
  complainantId: string;
  asOf: number;
  ruleSetVersion: string;
  score: number;
  level: Level;
  findings: Finding[];
  counts: { d30: number; d365: number };
  source: 'intake' | 'event' | 'merge' | 'rescan';
  sourceId: string;
  createdAt: number;
}

export interface StoredRuleSet {
  version: string;
  body: unknown;
  createdAt: number;
  createdBy: string;
}

export interface AssessmentRepository {
  insert(a: Omit<StoredAssessment, 'seq'>): Promise<number>;
  get(seq: number): Promise<StoredAssessment | undefined>;
  /** What an assessment says besides its findings (a narrow read: findings are the bulk of a row). */
  headOf(seq: number): Promise<Pick<StoredAssessment, 'ruleSetVersion' | 'counts'> | undefined>;
  bySeqs(seqs: number[]): Promise<StoredAssessment[]>;
  /** Level, score and finding codes of the current assessment of each of these complainants that has one. */
  currentCodes(complainantIds: string[]): Promise<Array<{ complainantId: string; level: Level; score: number; codes: string[] }>>;
  /** The stored assessment with the latest asOf, ties broken by the most recently stored. */
  currentFor(complainantId: string): Promise<StoredAssessment | undefined>;

  ruleSet(version: string): Promise<StoredRuleSet | undefined>;
  ruleSets(): Promise<StoredRuleSet[]>;
  /** Stores a new version; returns false when the version exists (versions are never overwritten). */
  insertRuleSet(rs: StoredRuleSet): Promise<boolean>;
  setting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

// ─── registry ───

export interface EntryPageQuery {
  state?: string;
  /** Any of these states (with `state`, both must hold). */
  states?: readonly string[];
  complainantId?: string;
  heldBy?: string;
  /** Defence deadline strictly before / at or after this instant (entries without one never match). */
  deadlineBefore?: number;
  deadlineFrom?: number;
  after?: { createdAt: number; id: string };
  limit: number;
}

export interface RegistryRepository {
  insert(entry: EntryRecord): Promise<void>;
  update(id: string, patch: Partial<EntryRecord>): Promise<void>;
  get(id: string): Promise<EntryRecord | undefined>;
  /** The id and state of a complainant's latest entry (what an intake answer shows). */
  latestFor(complainantId: string): Promise<{ id: string; state: RegistryState } | undefined>;
  /** The id of a complainant's open entry, if any. */
  openFor(complainantId: string): Promise<{ id: string; state: RegistryState } | undefined>;
  /** The most recently closed entry (dismissed/removed) of a complainant. */
  lastClosedFor(complainantId: string): Promise<EntryRecord | undefined>;
  forComplainant(complainantId: string): Promise<EntryRecord[]>;
  page(q: EntryPageQuery): Promise<EntryRecord[]>;
  /** Entries by state (for /metrics). */
  countByState(): Promise<Array<{ state: string; n: number }>>;
  /** Entries still `notified` whose defence window ended before `now`: a decision is due. */
  countDecisionsDue(now: number): Promise<number>;
  /** Listed entries whose term has ended by `now`. */
  expiredListings(now: number): Promise<EntryRecord[]>;
  inStates<S extends RegistryState>(states: readonly S[], complainantIds: string[]): Promise<Array<EntryRecord & { state: S }>>;
  all(states: RegistryState[]): Promise<EntryRecord[]>;

  insertAllow(rec: AllowlistRecord): Promise<void>;
  revokeAllow(id: string, at: number, by: string): Promise<boolean>;
  getAllow(id: string): Promise<AllowlistRecord | undefined>;
  allowlist(opts: { activeAt?: number }): Promise<AllowlistRecord[]>;
  /** Allow-list entries of a complainant that were in force at `at` as recorded by `recordedBy`. */
  allowedAt(complainantIds: string[], at: number, recordedBy: number): Promise<AllowlistRecord[]>;

  insertMerge(rec: MergeRecord): Promise<void>;
  getMerge(id: string): Promise<MergeRecord | undefined>;
  undoMerge(id: string, at: number, by: string, reason: string): Promise<void>;
  /**
   * Changes with every merge made or undone, in any process (committed, or made in this
   * transaction): what caches of who-is-whose-root are kept under.
   */
  mergeGeneration(): Promise<string>;
}

// ─── documents ───

export interface DocumentRepository {
  /**
   * The next number under `prefix` in `year` (1, 2, …), counted in the calling transaction: a
   * rollback gives it back, a commit keeps it taken for good.
   */
  nextNumber(prefix: string, year: number): Promise<number>;
  insert(doc: DocumentRecord): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
  forEntry(entryId: string): Promise<DocumentSummary[]>;
  /** Stores the PDF of a document that has none yet; false when one was stored already (it stays). */
  setPdf(id: string, pdf: Buffer, sha256: string, at: number): Promise<boolean>;
  insertService(rec: ServiceRecord): Promise<void>;
  serviceOf(documentIds: string[]): Promise<ServiceRecord[]>;
}

// ─── audit ───

export interface AuditRepository {
  /**
   * Appends a record to the chain; must run inside a write transaction. A record whose actor is the
   * person acting in a signed-in session carries their provider identity (`withActorIdentity`).
   */
  append(content: AuditContent): Promise<AuditRecord>;
  page(opts: { entityId?: string; afterSeq: number; limit: number }): Promise<AuditRecord[]>;
  forEntity(entityId: string): Promise<AuditRecord[]>;
  /** All records in chain order, in pages (for verification). */
  scan(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  head(): Promise<AuditRecord | undefined>;
  /** How many records there are of each action on entities of this type (for /metrics). */
  countByAction(entityType: string): Promise<Array<{ action: string; n: number }>>;
  /** How many records carry no key authentication (written before keys existed). */
  unauthenticated(): Promise<number>;
  /** Stores the authentication of records written before keys (once, at upgrade). */
  seal(macs: Array<{ seq: number; mac: string }>): Promise<void>;
}

// ─── rescans ───

export interface RescanRecord {
  id: string;
  state: RescanState;
  dryRun: boolean;
  ruleSetVersion: string;
  ruleSet: unknown;
  asOf: number | null;
  requestedBy: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  progressDone: number;
  progressTotal: number;
  diff: RescanDiff | null;
  error: string | null;
}

export interface RescanItem {
  complainantId: string;
  beforeLevel: Level;
  beforeScore: number;
  afterLevel: Level;
  afterScore: number;
  /** Codes for every item; whole findings where the outcome or level changed (diff examples). */
  findings: { codes: string[]; beforeCodes: string[]; full?: Finding[] };
  outcome: RescanOutcome;
}

export interface RescanRepository {
  insert(r: RescanRecord): Promise<void>;
  get(id: string): Promise<RescanRecord | undefined>;
  update(id: string, patch: Partial<RescanRecord>): Promise<void>;
  inState(state: RescanState): Promise<RescanRecord[]>;
  insertItems(rescanId: string, items: RescanItem[]): Promise<void>;
  doneIds(rescanId: string): Promise<Set<string>>;
  items(rescanId: string, afterId: string, limit: number): Promise<RescanItem[]>;
  /** Deletes up to `limit` items of rescans that are done or failed; returns how many went. */
  deleteFinishedItems(limit: number): Promise<number>;
}

// ─── keys ───

export interface StoredKey {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  revokedAt: number | null;
  /** A key past this instant is refused. */
  expiresAt: number | null;
}

export interface KeyRepository {
  /** The unrevoked key with this token hash, expired or not: the caller judges expiry, to answer "expired". */
  findActiveByHash(tokenHash: string): Promise<StoredKey | undefined>;
  insert(key: StoredKey & { tokenHash: string }): Promise<void>;
  list(): Promise<StoredKey[]>;
  /** Revokes the active keys with this id or name; returns them. */
  revoke(idOrName: string, at: number): Promise<StoredKey[]>;
  countAll(): Promise<number>;
  /** Keys neither revoked nor expired at `at`. */
  active(at: number): Promise<StoredKey[]>;
  /** Keys past their expiry whose expiry is not recorded yet; marks it recorded. */
  takeExpired(at: number): Promise<StoredKey[]>;
}

// ─── sessions ───

/** A staff session after signing in through the identity provider. */
export interface SessionRecord {
  /** Public: names the session in the audit log. */
  id: string;
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  tokenHash: string;
  name: string;
  role: Role;
  issuer: string;
  subject: string;
  displayName: string | null;
  username: string | null;
  idToken: string | null;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end. */
  expiresAt: number;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<SessionRecord | undefined>;
  touch(id: string, at: number): Promise<void>;
  /** Ends a session; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Deletes sessions past their absolute end at `now` or unused since `idleSince`; returns how many went. */
  deleteStale(now: number, idleSince: number): Promise<number>;
}

// ─── the store ───

export interface Repositories {
  keys: KeyRepository;
  complaints: ComplaintRepository;
  identity: IdentityRepository;
  assessments: AssessmentRepository;
  registry: RegistryRepository;
  documents: DocumentRepository;
  audit: AuditRepository;
  rescans: RescanRepository;
  sessions: SessionRepository;
}

export interface WriteContext extends Repositories {
  /** Runs if the transaction (or the savepoint it was registered in) is rolled back. */
  onRollback(fn: () => void): void;
  /** Runs `fn` as a nested unit: its writes are undone if it throws, the transaction goes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Store {
  readonly read: Repositories;
  write<T>(fn: (tx: WriteContext) => Promise<T>): Promise<T>;
  close(): void;
  /** Told how long each write transaction waited for those queued before it (for /metrics). */
  onWriteWait?: (seconds: number) => void;
  /**
   * A bulk load's indexes (the import, while nothing else writes): drops those its load reads
   * nothing through, until `restoreIndexes` builds them again in one pass each. Both wait for the
   * writes queued before them. A database left with indexes dropped gets them back when next opened.
   */
  deferIndexes?(): Promise<string[]>;
  restoreIndexes?(onIndex?: (name: string) => void): Promise<Array<{ name: string; ms: number }>>;
}
