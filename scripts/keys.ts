/**
 * API keys from the command line (the contract: keys are managed here only).
 *   npm run keys -- create --role reviewer --name alice [--expires 90d]   prints the token once
 *   npm run keys -- list
 *   npm run keys -- revoke <id or name>
 * Uses the same configuration as the service (SIEVE_DATA_DIR, SIEVE_DB_PATH).
 */
import { parseArgs } from 'node:util';
import { loadConfig, ROLES, type Role } from '../src/config.js';
import { pino } from 'pino';
import { openStore } from '../src/storage/open-store.js';
import { guardAuditChain } from '../src/registry/audit-guard.js';
import { createKeyService } from '../src/auth/keys.service.js';
import { formatTime, parseTime } from '../src/shared/time.js';
import { userInfo } from 'node:os';
import { runCli, UsageError } from './lib/cli.js';

const USAGE = `Usage:
  npm run keys -- create --role <${ROLES.join('|')}> --name <person> [--expires <90d | 12h | RFC 3339 time>]
  npm run keys -- list
  npm run keys -- revoke <key id or name>`;

/** Who ran the command, as the audit log names them. */
const ACTOR = `cli:${userInfo().username}`;

/** 90d, 12h or an RFC 3339 time → an instant. */
function expiryOf(value: string): number {
  const relative = /^(\d{1,4})([dh])$/.exec(value);
  if (relative) return Date.now() + Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000);
  const at = parseTime(value);
  if (at === null) throw new UsageError('--expires takes a duration such as 90d or 12h, or an RFC 3339 time with an offset');
  return at;
}

await runCli(USAGE, async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, target] = positionals;
  if (values.help || !command) throw new UsageError('');
  const config = loadConfig();
  const { store, auditSeal } = openStore(config);
  // Key changes are audited: a broken trail refuses them, as it refuses them in the service.
  const log = pino({ level: 'warn' }, pino.destination(2));
  await guardAuditChain({ store, seal: auditSeal, anchorFile: config.auditAnchorFile, log, now: Date.now });
  try {
    const keysFor = (repo = store.read.keys) => createKeyService([], repo, Date.now);
    switch (command) {
      case 'create': {
        const role = values.role as Role;
        if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const name = values.name ?? '';
        if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) throw new UsageError('--name needs 1–64 letters, digits, . _ @ -');
        const expiresAt = values.expires === undefined ? undefined : expiryOf(values.expires);
        const { key, token } = await store.write((tx) => keysFor(tx.keys).create(tx, { role, name, expiresAt, actor: ACTOR }));
        const until = key.expiresAt === null ? '' : `, valid until ${formatTime(key.expiresAt)}`;
        process.stderr.write(`Created ${key.role} key ${key.id} for ${key.name}${until}. The token is shown once:\n`);
        process.stdout.write(`${token}\n`);
        return;
      }
      case 'list': {
        const keys = await keysFor().list();
        if (!keys.length) process.stdout.write('No stored keys (static keys from SIEVE_API_KEYS are not listed).\n');
        for (const k of keys)
          process.stdout.write(
            `${k.id}\t${k.role}\t${k.name}\tcreated ${formatTime(k.createdAt)}` +
              `${k.expiresAt ? `\t${k.expiresAt <= Date.now() ? 'expired' : 'expires'} ${formatTime(k.expiresAt)}` : ''}` +
              `${k.revokedAt ? `\trevoked ${formatTime(k.revokedAt)}` : ''}\n`,
          );
        return;
      }
      case 'revoke': {
        if (!target) throw new UsageError('revoke needs a key id or name');
        const revoked = await store.write((tx) => keysFor(tx.keys).revoke(tx, target, ACTOR));
        if (revoked.length === 0) throw new Error(`No active stored key has the id or name "${target}".`);
        process.stdout.write(`Revoked ${revoked.length} key(s) for "${target}".\n`);
        return;
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } finally {
    store.close();
  }
});
