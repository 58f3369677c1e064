/**
 * Rule-set versions: stored once, never overwritten; one is active. The active version is read
 * from the database on each use (a cheap indexed read) so an activation by another process or
 * instance takes effect without a restart.
 */
import { formatTime } from '../shared/time.js';
import type { Repositories, Store } from '../storage/ports.js';
import { DomainError, notFound, validationFailed } from '../shared/errors.js';
import { DEFAULT_RULE_SET, SHIPPED_RULE_SETS, validateRuleSet, type RuleSet } from './rule-set.js';

const ACTIVE = 'active_rule_set';

export function createRuleSetService(store: Store, now: () => number) {
  const cache = new Map<string, RuleSet>();

  async function load(repos: Repositories, version: string): Promise<RuleSet | undefined> {
    const cached = cache.get(version);
    if (cached) return cached;
    const stored = await repos.assessments.ruleSet(version);
    if (!stored) return undefined;
    const v = validateRuleSet(stored.body);
    if (!v.ok) throw new Error(`Stored rule set ${version} is invalid: ${JSON.stringify(v.details)}`);
    cache.set(version, v.ruleSet);
    return v.ruleSet;
  }

  return {
    /**
     * Stores the shipped rule sets a database lacks (never overwriting a version stored under the
     * same name) and, on a fresh database, activates the newest. An existing installation keeps its
     * active version: moving is a dry run and an activation, like any rule change.
     */
    async ensureDefault(): Promise<void> {
      const stored = new Set((await store.read.assessments.ruleSets()).map((v) => v.version));
      if ((await store.read.assessments.setting(ACTIVE)) && SHIPPED_RULE_SETS.every((rs) => stored.has(rs.version))) return;
      await store.write(async (tx) => {
        for (const rs of SHIPPED_RULE_SETS) await tx.assessments.insertRuleSet({ version: rs.version, body: rs, createdAt: now(), createdBy: 'system' });
        if (!(await tx.assessments.setting(ACTIVE))) await tx.assessments.setSetting(ACTIVE, DEFAULT_RULE_SET.version);
      });
    },

    async active(repos: Repositories = store.read): Promise<RuleSet> {
      const version = (await repos.assessments.setting(ACTIVE)) ?? DEFAULT_RULE_SET.version;
      return (await load(repos, version)) ?? DEFAULT_RULE_SET;
    },

    async get(version: string, repos: Repositories = store.read): Promise<RuleSet> {
      const rs = await load(repos, version);
      if (!rs) throw notFound(`Rule set ${version}`);
      return rs;
    },

    async list() {
      const versions = await store.read.assessments.ruleSets();
      return {
        active: (await store.read.assessments.setting(ACTIVE)) ?? DEFAULT_RULE_SET.version,
        versions: versions.map((v) => ({ version: v.version, createdAt: formatTime(v.createdAt), createdBy: v.createdBy })),
      };
    },

    async create(body: unknown, actor: string): Promise<RuleSet> {
      const v = validateRuleSet(body);
      if (!v.ok) throw validationFailed(v.details);
      return store.write(async (tx) => {
        const created = await tx.assessments.insertRuleSet({ version: v.ruleSet.version, body: v.ruleSet, createdAt: now(), createdBy: actor });
        if (!created) throw new DomainError('VERSION_EXISTS', `Rule set ${v.ruleSet.version} already exists; versions are never overwritten.`);
        await tx.audit.append({
          entityType: 'rule_set',
          entityId: v.ruleSet.version,
          action: 'create',
          actor,
          at: now(),
          data: { description: v.ruleSet.description },
        });
        return v.ruleSet;
      });
    },

    async activate(version: string, actor: string, reason?: string): Promise<void> {
      await store.write(async (tx) => {
        if (!(await tx.assessments.ruleSet(version))) throw notFound(`Rule set ${version}`);
        const previous = (await tx.assessments.setting(ACTIVE)) ?? null;
        await tx.assessments.setSetting(ACTIVE, version);
        await tx.audit.append({
          entityType: 'rule_set',
          entityId: version,
          action: 'activate',
          actor,
          at: now(),
          reason: reason ?? null,
          fromState: previous,
          toState: version,
        });
      });
    },
  };
}

export type RuleSetService = ReturnType<typeof createRuleSetService>;
