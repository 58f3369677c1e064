/**
 * Where the registry and the service stand, read when /metrics is scraped: from committed rows
 * (so every instance reports the same), and from the similarity index in this process. Counters of
 * what happened (complaints ingested, assessments, flags) are kept where it happens (metrics.ts).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export default fp(
  async function domainMetrics(app: FastifyInstance) {
    const { Gauge } = app.metrics.client;
    const { store, services, now } = app;
    new Gauge({
      name: 'sieve_complainants',
      help: 'Complainants counted on their own, by assessment level',
      labelNames: ['level'],
      async collect() {
        this.reset();
        for (const { level, n } of await store.read.identity.countByLevel()) this.set({ level }, n);
      },
    });
    new Gauge({
      name: 'sieve_registry_entries',
      help: 'Registry entries by state',
      labelNames: ['state'],
      async collect() {
        this.reset();
        for (const { state, n } of await store.read.registry.countByState()) this.set({ state }, n);
      },
    });
    new Gauge({
      // Read from the audit chain, which only grows: a counter across restarts and instances alike.
      name: 'sieve_registry_transitions',
      help: 'Registry entry transitions recorded in the audit trail so far (only grows; use rate()), by action (flag, claim, propose, approve_notice, decide, remove, expire, …)',
      labelNames: ['action'],
      async collect() {
        this.reset();
        for (const { action, n } of await store.read.audit.countByAction('registry_entry')) this.set({ action }, n);
      },
    });
    new Gauge({
      name: 'sieve_registry_decisions_due',
      help: 'Notified entries whose defence window has ended: a decision (list or drop) is due',
      async collect() {
        this.set(await store.read.registry.countDecisionsDue(now()));
      },
    });
    new Gauge({
      name: 'sieve_rescans_running',
      help: 'Rescans running (1 at most) and queued',
      labelNames: ['state'],
      async collect() {
        this.set({ state: 'running' }, (await store.read.rescans.inState('running')).length);
        this.set({ state: 'queued' }, (await store.read.rescans.inState('queued')).length);
      },
    });
    new Gauge({
      name: 'sieve_rescan_progress_ratio',
      help: 'Share of complainants the running rescan has evaluated (0 when none runs)',
      async collect() {
        const [running] = await store.read.rescans.inState('running');
        this.set(running && running.progressTotal > 0 ? running.progressDone / running.progressTotal : 0);
      },
    });
    const writeWait = new app.metrics.client.Histogram({
      name: 'sieve_write_queue_wait_seconds',
      help: 'How long a write transaction waited for the ones queued before it (SQLite has one writer)',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    });
    store.onWriteWait = (seconds) => writeWait.observe(seconds);
    app.addHook('onClose', async () => {
      store.onWriteWait = undefined;
    });
    new Gauge({
      name: 'sieve_similarity_index_documents',
      help: 'Complaint texts in this process’s near-duplicate index',
      collect() {
        this.set(services.detection.index.size);
      },
    });
    new Gauge({
      name: 'sieve_exact_check_shingles',
      help: 'Exact near-duplicate checks since start whose stored text’s shingles were held in memory (hit) or read and shingled (miss)',
      labelNames: ['outcome'],
      collect() {
        const s = services.detection.shingles.stats();
        this.set({ outcome: 'hit' }, s.hits);
        this.set({ outcome: 'miss' }, s.misses);
      },
    });
    // Absent when profiles are off (SIEVE_PROFILES=off).
    const profiles = services.detection.profiles;
    if (profiles) {
      new Gauge({
        name: 'sieve_profile_items',
        help: 'Complaint rows, events and pairs held in this process’s complainant profiles (bounded by SIEVE_PROFILE_ITEMS)',
        collect() {
          this.set(profiles.stats().items);
        },
      });
      new Gauge({
        // Kept by the store as it goes: a counter since start, read at the scrape.
        name: 'sieve_profile_reads',
        help: 'Assessments since start whose complainant profile was held (hit), had to be read from the database (load), and times every profile was dropped (reset)',
        labelNames: ['outcome'],
        collect() {
          const s = profiles.stats();
          this.set({ outcome: 'hit' }, s.hits);
          this.set({ outcome: 'load' }, s.loads);
          this.set({ outcome: 'reset' }, s.resets);
        },
      });
    }
  },
  { name: 'domain-metrics', dependencies: ['metrics', 'storage', 'services'] },
);
