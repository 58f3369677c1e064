/**
 * Configuration comes from environment variables (names fixed by the HTTP contract), validated
 * once at start. Every problem is reported together, in words an operator can act on.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { DOCUMENT_KINDS, type DocumentKind } from './documents/document.js';
import { projectRoot } from './shared/project-root.js';

export type Role = 'intake' | 'reviewer' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['intake', 'reviewer', 'supervisor', 'admin'];

export interface StaticKey {
  role: Role;
  name: string;
  token: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  apiKeys: StaticKey[];
  /** Hex key for HMAC of personal identifiers; when undefined it is read or generated in dataDir. */
  piiKeyHex?: string;
  /** Hex key that authenticates audit records (HMAC); when undefined it is read or generated in dataDir. */
  auditKeyHex?: string;
  /**
   * The append-only file the audit chain head is anchored in, outside the database (default in the
   * data folder; better on another disk or shipped off the machine).
   */
  auditAnchorFile: string;
  /** Seconds between audit anchors while the chain grows (0 = only at start and stop). */
  auditAnchorIntervalSeconds: number;
  bodyLimit: number;
  batchBodyLimit: number;
  rateLimit: number;
  scheduleIntervalSeconds: number;
  logLevel: string;
  synchronous: 'normal' | 'full';
  /** Page size of a database file this process creates; one that exists keeps its own. See DEFAULT_SQLITE_PAGE_SIZE. */
  sqlitePageSize: number;
  /** Worker threads for rescans (0 = evaluate in the main thread). */
  rescanWorkers: number;
  /** Worker threads preparing batch items (0 = on the main thread, in slices). */
  intakeThreads: number;
  /**
   * Complainant profiles in memory (detection/profiles.ts): `on`, `off` (every assessment reads the
   * database), or `verify` (both, failing an assessment whose two readings differ; for tests and
   * for checking an installation). `profileItems` bounds what they hold (rows + events + pairs).
   */
  profiles: 'on' | 'off' | 'verify';
  profileItems: number;
  /**
   * How far V8 lets the JS heap grow past what the last full collection kept, in per cent
   * (`--heap-growing-percent`); 0 leaves V8's own factor (up to 300 %). See DEFAULT_HEAP_GROWTH.
   */
  heapGrowthPercent: number;
  /** Optional holiday calendar file replacing the shipped one. */
  holidaysFile?: string;
  /** Registry due process: defence window, listing term, the bureau named on notices. */
  registry: { defenceWorkingDays: number; termMonths: number; renewWindowDays: number; bureau: string };
  /** Documents served on people: templates, the issuing bureau, numbering, PDF rendering, service. */
  documents: DocumentsConfig;
  /**
   * How long a client may take to send a request's headers, and the whole request with its body:
   * a stalled client is answered 408 and cut off. Answering is not limited (a large batch may work
   * for many seconds).
   */
  timeouts: { headersMs: number; requestMs: number };
  /** How long a stop (SIGTERM) may take to answer what it received before the process exits anyway. */
  shutdownTimeoutMs: number;
  /**
   * Which proxies' X-Forwarded-For/-Proto to believe (Fastify's `trustProxy`): false, true, or
   * addresses/CIDRs. It decides whether a request came over HTTPS (Secure cookies).
   */
  trustProxy: boolean | string;
  /** Staff sign-in through the organisation's OpenID Connect provider; null = bearer tokens only. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, no client authentication). */
  clientSecret?: string;
  /** Where the provider sends the browser back: this service's /auth/oidc/callback. */
  redirectUrl: string;
  /** Where the provider sends the browser after signing out there: the console. */
  postLogoutUrl: string;
  scopes: string;
  /** The claim that carries a person's groups (a string or an array of strings). */
  roleClaim: string;
  /** Claim value → role, in order of precedence: a person in several groups gets the first match. */
  roles: Array<{ value: string; role: Role }>;
  /** The claim whose value is the person in the audit log and the four-eyes rule. */
  nameClaim: string;
  /** A session unused this long ends (seconds). */
  idleSeconds: number;
  /** A session ends this long after sign-in however busy (seconds). */
  maxAgeSeconds: number;
}

export interface DocumentsConfig {
  /** The folder of Liquid templates (the shipped `templates/documents`, or a bureau's own copy). */
  templatesDir: string;
  /** The issuing bureau as printed on every document; `unset` names what still shows a placeholder. */
  bureau: { name: string; address: string; contact: string; seal: string; unset: string[] };
  /** Document number prefixes per kind, e.g. 鹿市监异告 → 鹿市监异告〔2026〕12号. */
  prefixes: Record<DocumentKind, string>;
  /** Chromium (or Chrome) that prints PDFs; without it documents are kept as HTML only. */
  chromiumPath?: string;
  pdfTimeoutMs: number;
  /**
   * Where the defence window starts: the day the notice is approved (the contract's default), or
   * the day its service is recorded (for bureaus whose practice counts from 送达).
   */
  defenceFrom: 'approval' | 'service';
}

/** Defaults shown until a bureau configures its own; `unset` lists what the start-up log warns about. */
const PREFIX_DEFAULTS: Record<DocumentKind, string> = { notice: '市监异告', decision: '市监异决', removal: '市监异移', expiry: '市监异期' };
const PREFIX_VARS: Record<DocumentKind, string> = {
  notice: 'SIEVE_DOCUMENT_PREFIX_NOTICE',
  decision: 'SIEVE_DOCUMENT_PREFIX_DECISION',
  removal: 'SIEVE_DOCUMENT_PREFIX_REMOVAL',
  expiry: 'SIEVE_DOCUMENT_PREFIX_EXPIRY',
};

function loadDocumentsConfig(
  env: NodeJS.ProcessEnv,
  bureauName: string,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
) {
  const text = (name: string, fallback: string, max: number): string => {
    const value = env[name]?.trim() || fallback;
    if ([...value].length > max) problems.push(`${name} must be at most ${max} characters`);
    return value;
  };
  const unset = ['SIEVE_BUREAU_NAME', 'SIEVE_BUREAU_ADDRESS', 'SIEVE_BUREAU_CONTACT'].filter((name) => !env[name]?.trim());

  const templatesDir = resolve(env.SIEVE_DOCUMENT_TEMPLATES?.trim() || join(projectRoot, 'templates', 'documents'));
  try {
    if (!statSync(templatesDir).isDirectory()) problems.push(`SIEVE_DOCUMENT_TEMPLATES must name a folder (${templatesDir} is a file)`);
  } catch {
    problems.push(`SIEVE_DOCUMENT_TEMPLATES: the folder ${templatesDir} does not exist`);
  }

  const prefixes = {} as Record<DocumentKind, string>;
  for (const kind of DOCUMENT_KINDS) {
    const name = PREFIX_VARS[kind];
    const value = env[name]?.trim() || PREFIX_DEFAULTS[kind];
    // The year brackets and 号 are added around the prefix; inside it they would garble the number.
    if (!/^[^\s〔〕\[\]()（）号]{1,20}$/u.test(value)) problems.push(`${name} must be 1–20 characters without spaces, brackets or 号 (got "${value}")`);
    prefixes[kind] = value;
  }

  const chromiumRaw = env.SIEVE_CHROMIUM_PATH?.trim() || undefined;
  if (chromiumRaw !== undefined) {
    try {
      accessSync(chromiumRaw, constants.X_OK);
    } catch {
      problems.push(
        `SIEVE_CHROMIUM_PATH: ${chromiumRaw} is not an executable file (install Debian's chromium, or leave it unset to keep documents as HTML only)`,
      );
    }
  }

  const defenceFrom = (env.SIEVE_DEFENCE_FROM?.trim().toLowerCase() || 'approval') as DocumentsConfig['defenceFrom'];
  if (defenceFrom !== 'approval' && defenceFrom !== 'service') problems.push('SIEVE_DEFENCE_FROM must be approval or service');

  return {
    templatesDir,
    bureau: {
      name: bureauName,
      address: text('SIEVE_BUREAU_ADDRESS', '（地址未设置）', 200),
      contact: text('SIEVE_BUREAU_CONTACT', '（联系方式未设置）', 200),
      seal: text('SIEVE_BUREAU_SEAL', bureauName, 100),
      unset,
    },
    prefixes,
    chromiumPath: chromiumRaw,
    pdfTimeoutMs: int('SIEVE_PDF_TIMEOUT', 30, 1, 600) * 1000,
    defenceFrom,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Names no key may take: `system` is the actor of automatic actions in the audit log. */
export const RESERVED_KEY_NAMES = new Set(['system']);

export function parseApiKeys(raw: string, problems: string[]): StaticKey[] {
  const keys: StaticKey[] = [];
  const names = new Set<string>();
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      // The token may itself contain ':'; role and name may not.
      const [role, name, ...rest] = entry.split(':');
      const token = rest.join(':');
      const where = `SIEVE_API_KEYS entry ${i + 1}`;
      if (rest.length === 0) return void problems.push(`${where} must be role:name:token`);
      if (!ROLES.includes(role as Role)) problems.push(`${where} has role "${role}"; use one of ${ROLES.join(', ')}`);
      if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) problems.push(`${where} needs a name of 1–64 letters, digits, . _ @ -`);
      if (RESERVED_KEY_NAMES.has(name.toLowerCase())) problems.push(`${where} uses the reserved name "${name}" (automatic actions are audited under it)`);
      if (token.length < 16) problems.push(`${where} (${name}) has a token shorter than 16 characters`);
      if (names.has(name)) problems.push(`${where} repeats the name "${name}"`);
      names.add(name);
      keys.push({ role: role as Role, name, token });
    });
  return keys;
}

/**
 * `value=role,…`, or `value=role;…` when values hold commas (LDAP distinguished names); a value may
 * itself contain `=` (the last one separates the role).
 */
export function parseOidcRoles(raw: string, problems: string[]): OidcConfig['roles'] {
  const roles: OidcConfig['roles'] = [];
  raw
    .split(raw.includes(';') ? ';' : ',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const cut = entry.lastIndexOf('=');
      const value = entry.slice(0, cut).trim();
      const role = entry.slice(cut + 1).trim() as Role;
      const where = `SIEVE_OIDC_ROLES entry ${i + 1}`;
      if (cut <= 0) return void problems.push(`${where} must be claim-value=role`);
      if (!ROLES.includes(role)) problems.push(`${where} has role "${role}"; use one of ${ROLES.join(', ')}`);
      if (roles.some((r) => r.value === value)) problems.push(`${where} repeats the value "${value}"`);
      roles.push({ value, role });
    });
  return roles;
}

/** An http:// address is accepted only on the loopback interface (a provider or console on this machine, as in tests). */
function webUrl(name: string, raw: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return void problems.push(`${name} must be an absolute URL (got "${raw}")`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return void problems.push(`${name} must be an https:// URL (got "${raw}")`);
  if (url.search || url.hash) return void problems.push(`${name} must have no query or fragment`);
  return url.href;
}

function loadOidc(env: NodeJS.ProcessEnv, int: (name: string, fallback: number, min: number, max: number) => number, problems: string[]): OidcConfig | null {
  const get = (name: string) => env[name]?.trim() || undefined;
  const issuerRaw = get('SIEVE_OIDC_ISSUER');
  if (!issuerRaw) {
    const stray = ['SIEVE_OIDC_CLIENT_ID', 'SIEVE_OIDC_CLIENT_SECRET', 'SIEVE_OIDC_ROLES', 'SIEVE_OIDC_REDIRECT_URL'].filter(get);
    if (stray.length)
      problems.push(`${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set but SIEVE_OIDC_ISSUER is not: set it to use OpenID Connect sign-in`);
    return null;
  }
  const issuer = webUrl('SIEVE_OIDC_ISSUER', issuerRaw, problems);
  const clientId = get('SIEVE_OIDC_CLIENT_ID');
  if (!clientId) problems.push('SIEVE_OIDC_CLIENT_ID is required with SIEVE_OIDC_ISSUER');
  const explicit = get('SIEVE_OIDC_REDIRECT_URL');
  const publicUrl = get('SIEVE_PUBLIC_URL');
  const redirectUrl = explicit
    ? webUrl('SIEVE_OIDC_REDIRECT_URL', explicit, problems)
    : publicUrl
      ? webUrl('SIEVE_PUBLIC_URL', publicUrl, problems)?.replace(/\/?$/, '/auth/oidc/callback')
      : void problems.push('SIEVE_PUBLIC_URL (this service as the browser reaches it) or SIEVE_OIDC_REDIRECT_URL is required with SIEVE_OIDC_ISSUER');
  if (explicit && redirectUrl && !new URL(redirectUrl).pathname.endsWith('/auth/oidc/callback'))
    problems.push('SIEVE_OIDC_REDIRECT_URL must end in /auth/oidc/callback (the path this service answers the provider on)');
  const roles = parseOidcRoles(env.SIEVE_OIDC_ROLES ?? '', problems);
  if (roles.length === 0) problems.push('SIEVE_OIDC_ROLES is required with SIEVE_OIDC_ISSUER: claim-value=role,… (e.g. sieve-reviewers=reviewer)');
  const scopes = get('SIEVE_OIDC_SCOPES') ?? 'openid profile';
  if (!scopes.split(/\s+/).includes('openid')) problems.push('SIEVE_OIDC_SCOPES must include openid');
  const idleSeconds = int('SIEVE_SESSION_IDLE_TIMEOUT', 1800, 60, 86_400);
  const maxAgeSeconds = int('SIEVE_SESSION_MAX_AGE', 28_800, 300, 7 * 86_400);
  if (idleSeconds > maxAgeSeconds) problems.push('SIEVE_SESSION_IDLE_TIMEOUT must not exceed SIEVE_SESSION_MAX_AGE');
  return {
    // As given: the provider's metadata must name exactly this issuer (a URL parser would add a slash).
    issuer: issuer ? issuerRaw : '',
    clientId: clientId ?? '',
    clientSecret: get('SIEVE_OIDC_CLIENT_SECRET'),
    redirectUrl: redirectUrl ?? '',
    postLogoutUrl: redirectUrl ? new URL('../../console', redirectUrl).href : '',
    scopes,
    roleClaim: get('SIEVE_OIDC_ROLE_CLAIM') ?? 'groups',
    roles,
    nameClaim: get('SIEVE_OIDC_NAME_CLAIM') ?? 'sub',
    idleSeconds,
    maxAgeSeconds,
  };
}

/** false, true (any proxy: only when nothing but the proxy can reach this service), or a comma-separated list of proxy addresses/CIDRs. */
function parseTrustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

/**
 * Complainant profile items held by default (`SIEVE_PROFILE_ITEMS`). Measured at 1M complaints
 * (0.9 GB after start-up), filled with the heaviest filers of a province's year (`npm run
 * bench:profiles`): 600,000 items held compactly (detection/held-items.ts, ~330 bytes of heap
 * each) peaked at 1.25 GB of RSS, about what 200,000 items as read from the database (~740 bytes
 * each) took (peak 1.21 GB); the target is 1.5 GB. 600,000 held 3,187 of the 4,500 heaviest filers
 * at once (the 1,500 heaviest alone have ~1.07M items). Since held rows dropped what only evidence
 * bundles read, an item takes ~265 bytes (600,000: 158 MB of heap instead of 189), so 700,000 take
 * the memory 600,000 took; every heavy filer held saves a re-read of hundreds of rows.
 */
export const DEFAULT_PROFILE_ITEMS = 700_000;

/**
 * V8 lets the heap grow up to 4× what a full collection kept before the next one. Reading the
 * profiles of 4,000 heavy filers at 1.22M complaints (`npm run bench:profiles`), that let garbage
 * reach ~900 MB of heap: a peak RSS of 1.74 GB, and 1.25–1.66 GB after a forced collection,
 * depending on when the freed pages went back. At 50 %: peak 1.21–1.23 GB, 0.92 GB after start-up,
 * and reads and intake as fast (`bench:breakdown` 211/s against 188/s).
 */
export const DEFAULT_HEAP_GROWTH = 50;

/**
 * SQLite's default page is 4 KiB. A complaint's entry in the index a history is read from is ~730
 * bytes, and one over ~1,000 (a quarter of them) keeps its tail in an overflow page of its own, so a
 * heavy filer's first read went through hundreds of pages. With 8 KiB pages the entries fit their
 * leaves: a compacted copy of the province folder at 1M is 6.0 GB instead of 7.5, 1,000 heavy filers'
 * history rows read from a dropped page cache take p50 0.8 ms instead of 1.7, and the province's
 * filers were assessed 11–24 % faster at the median (docs/performance.md, "Pages of 8 KiB").
 */
export const DEFAULT_SQLITE_PAGE_SIZE = 8192;

/** A page size SQLite takes: a power of two from 512 to 65536. */
export function isPageSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= 512 && bytes <= 65_536 && (bytes & (bytes - 1)) === 0;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const dataDir = resolve(env.SIEVE_DATA_DIR?.trim() || './data');
  const dbRaw = env.SIEVE_DB_PATH?.trim();
  const dbPath = !dbRaw ? join(dataDir, 'sieve.db') : dbRaw === ':memory:' || isAbsolute(dbRaw) ? dbRaw : resolve(dbRaw);

  const hexKey = (name: string): string | undefined => {
    const value = env[name]?.trim() || undefined;
    if (value !== undefined && !/^(?:[0-9a-fA-F]{2}){32,}$/.test(value))
      problems.push(`${name} must be at least 64 hexadecimal characters (32 bytes), e.g. from \`openssl rand -hex 32\``);
    return value;
  };
  const piiKeyHex = hexKey('SIEVE_PII_KEY');
  const auditKeyHex = hexKey('SIEVE_AUDIT_KEY');
  const anchorRaw = env.SIEVE_AUDIT_ANCHOR_FILE?.trim();

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const synchronous = (env.SIEVE_SQLITE_SYNCHRONOUS?.trim().toLowerCase() || 'normal') as Config['synchronous'];
  if (synchronous !== 'normal' && synchronous !== 'full') problems.push('SIEVE_SQLITE_SYNCHRONOUS must be normal or full');
  const sqlitePageSize = int('SIEVE_SQLITE_PAGE_SIZE', DEFAULT_SQLITE_PAGE_SIZE, 512, 65_536);
  if (!isPageSize(sqlitePageSize)) problems.push(`SIEVE_SQLITE_PAGE_SIZE must be a power of two from 512 to 65536 (got "${env.SIEVE_SQLITE_PAGE_SIZE}")`);
  const profiles = (env.SIEVE_PROFILES?.trim().toLowerCase() || 'on') as Config['profiles'];
  if (!['on', 'off', 'verify'].includes(profiles)) problems.push('SIEVE_PROFILES must be on, off or verify');

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir,
    dbPath,
    apiKeys: parseApiKeys(env.SIEVE_API_KEYS ?? '', problems),
    piiKeyHex,
    auditKeyHex,
    auditAnchorFile: anchorRaw ? resolve(anchorRaw) : join(dataDir, 'audit-anchors.log'),
    auditAnchorIntervalSeconds: int('SIEVE_AUDIT_ANCHOR_INTERVAL', 300, 0, 86_400),
    bodyLimit: int('SIEVE_BODY_LIMIT', 1_048_576, 1024, 1 << 30),
    batchBodyLimit: int('SIEVE_BATCH_BODY_LIMIT', 16_777_216, 1024, 1 << 30),
    rateLimit: int('SIEVE_RATE_LIMIT', 1000, 0, 1_000_000_000),
    scheduleIntervalSeconds: int('SIEVE_SCHEDULE_INTERVAL', 86_400, 0, 10 * 365 * 86_400),
    logLevel,
    synchronous,
    sqlitePageSize,
    holidaysFile: env.SIEVE_HOLIDAYS_FILE?.trim() || undefined,
    rescanWorkers: int('SIEVE_RESCAN_WORKERS', 1, 0, 64),
    intakeThreads: int('SIEVE_INTAKE_THREADS', Math.max(1, Math.min(4, availableParallelism() - 1)), 0, 64),
    profiles,
    profileItems: int('SIEVE_PROFILE_ITEMS', DEFAULT_PROFILE_ITEMS, 0, 100_000_000),
    heapGrowthPercent: int('SIEVE_HEAP_GROWTH', DEFAULT_HEAP_GROWTH, 0, 1000),
    registry: {
      defenceWorkingDays: int('SIEVE_DEFENCE_WORKING_DAYS', 7, 1, 60),
      termMonths: int('SIEVE_LISTING_MONTHS', 12, 1, 60),
      renewWindowDays: int('SIEVE_SUNSET_REVIEW_DAYS', 30, 1, 365),
      bureau: env.SIEVE_BUREAU_NAME?.trim() || '市场监督管理局',
    },
    documents: loadDocumentsConfig(env, env.SIEVE_BUREAU_NAME?.trim() || '市场监督管理局', int, problems),
    timeouts: {
      headersMs: int('SIEVE_HEADERS_TIMEOUT', 20, 1, 3600) * 1000,
      // A 16 MiB batch at 2 Mbit/s arrives in about 70 s.
      requestMs: int('SIEVE_REQUEST_TIMEOUT', 120, 1, 3600) * 1000,
    },
    // A 1,000-item batch takes ~20 s at 1M stored (docs/performance.md); a rescan stops within a
    // write batch.
    shutdownTimeoutMs: int('SIEVE_SHUTDOWN_TIMEOUT', 60, 1, 3600) * 1000,
    trustProxy: parseTrustProxy(env.SIEVE_TRUST_PROXY),
    oidc: loadOidc(env, int, problems),
  };
  if (config.timeouts.headersMs > config.timeouts.requestMs) problems.push('SIEVE_HEADERS_TIMEOUT must not exceed SIEVE_REQUEST_TIMEOUT');
  if (config.registry.bureau.length > 100) problems.push('SIEVE_BUREAU_NAME must be at most 100 characters');
  if (problems.length) throw new ConfigError(problems);
  return config;
}
