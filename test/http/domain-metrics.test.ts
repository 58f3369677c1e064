/** /metrics says what the service did and where the registry stands, in numbers that follow the data. */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';

const value = (body: string, series: string) => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

t.test('domain metrics: complaints ingested, assessments, flags, the registry, the index', async (t) => {
  const h = await buildTestApp(t, { now: () => Date.parse('2026-06-01T09:00:00+08:00') });
  const first = templatedComplaint(0, { complainant: { idNumber: residentId(811) } });
  await h.post('intake', '/v1/complaints', first);
  await h.post('intake', '/v1/complaints', first);
  const batch = await h.post('intake', '/v1/complaints/batch', {
    items: [
      templatedComplaint(1, { complainant: { idNumber: residentId(811) } }),
      templatedComplaint(2, { complainant: { idNumber: residentId(811) } }),
      { externalId: 'bad' },
    ],
  });
  t.same(
    batch.json().results.map((r: { status: string }) => r.status),
    ['created', 'created', 'invalid'],
  );

  const body = (await h.get(null, '/metrics')).body;
  t.equal(value(body, 'sieve_complaints_ingested_total{result="created"}'), 3);
  t.equal(value(body, 'sieve_complaints_ingested_total{result="duplicate"}'), 1);
  t.equal(value(body, 'sieve_complaints_ingested_total{result="invalid"}'), 1);
  t.equal(value(body, 'sieve_assessments_total{level="review",source="intake"}'), 1);
  t.equal(value(body, 'sieve_flags_raised_total{source="intake"}'), 1);
  t.equal(value(body, 'sieve_complainants{level="review"}'), 1);
  t.equal(value(body, 'sieve_registry_entries{state="flagged"}'), 1);
  t.equal(value(body, 'sieve_registry_decisions_due'), 0);
  t.equal(value(body, 'sieve_rescans_running{state="running"}'), 0);
  t.equal(value(body, 'sieve_similarity_index_documents'), 3);
  t.ok((value(body, 'sieve_profile_reads{outcome="load"}') ?? 0) >= 1, 'a first assessment reads the profile');
  t.ok((value(body, 'sieve_profile_reads{outcome="hit"}') ?? 0) >= 1, 'a second one of the same complainant finds it held');
  t.ok((value(body, 'sieve_profile_items') ?? 0) >= 2, 'the profiles hold the complaint rows');
  t.ok((value(body, 'sieve_write_queue_wait_seconds_count') ?? 0) >= 3, 'every write transaction is timed in the queue');
  for (const outcome of ['hit', 'miss'])
    t.ok((value(body, `sieve_exact_check_shingles{outcome="${outcome}"}`) ?? -1) >= 0, `exact checks' shingle sets: ${outcome}s counted`);

  const entry = (await h.get('reviewer', '/v1/registry/entries')).json().items[0];
  await h.post('reviewer', `/v1/registry/entries/${entry.id}/actions`, { action: 'dismiss', reason: '正常维权' });
  const after = (await h.get(null, '/metrics')).body;
  t.equal(value(after, 'sieve_registry_entries{state="dismissed"}'), 1, 'the registry gauge follows the stored rows');
  t.equal(value(after, 'sieve_registry_entries{state="flagged"}'), undefined, 'and forgets states no entry is in');
  t.equal(value(after, 'sieve_registry_transitions{action="flag"}'), 1, 'transitions counted from the audit trail: the flag');
  t.equal(value(after, 'sieve_registry_transitions{action="dismiss"}'), 1, 'and the dismissal');
});

t.test('the Grafana dashboard in docs/ reads only metrics the service exposes', async (t) => {
  const { readFileSync } = await import('node:fs');
  const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  const h = await buildTestApp(t);
  await h.post('intake', '/v1/complaints', templatedComplaint(0));
  const body = (await h.get(null, '/metrics')).body;
  const exposed = new Set([...body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
  for (const panel of dashboard.panels)
    for (const { expr } of panel.targets)
      for (const [name] of expr.matchAll(/\b(?:sieve|http|process)_[a-z_]+/g)) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        t.ok(exposed.has(family) || exposed.has(name), `${panel.title}: ${name}`);
      }
});
