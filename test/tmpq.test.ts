import t from 'tap';
import { buildTestApp } from './helpers/app.js';
import { generateStream } from '../scripts/lib/synthetic.js';
t.test('q', async (t) => {
  const h = await buildTestApp(t);
  const started = Date.now();
  const scale = process.env.SCALE ? (process.env.SCALE.startsWith('{') ? JSON.parse(process.env.SCALE) : process.env.SCALE) : 'tiny';
  const stream = generateStream({ seed: Number(process.env.SEED ?? 1), scale });
  const keyOf = new Map<string, { key: string; group: string; expect: boolean }>();
  const idsByKey = new Map<string, Set<string>>();
  let batch: Array<{ body: any; label: any }> = [];
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    const items = batch.splice(0);
    const res = await h.post('intake', '/v1/complaints/batch', { items: items.map((i) => i.body) });
    res.json().results.forEach((r: any, i: number) => {
      if (r.status !== 'created') console.log('bad', JSON.stringify(r).slice(0, 300));
      const l = items[i].label;
      if (!idsByKey.has(l.complainantKey)) idsByKey.set(l.complainantKey, new Set());
      idsByKey.get(l.complainantKey)!.add(r.complainantId);
      keyOf.set(r.complainantId, { key: l.complainantKey, group: l.group, expect: l.expectFlag });
    });
  };
  for (const rec of stream) {
    if (rec.kind === 'complaint') { n++; batch.push({ body: rec.body, label: rec.label }); if (batch.length >= 500) await flush(); }
    else { await flush(); const r = await h.post('intake', `/v1/complaints/ext:${encodeURIComponent(rec.externalId)}/events`, rec.body); if (r.statusCode >= 300) console.log('ev', r.statusCode, r.body.slice(0, 200)); }
  }
  await flush();
  console.log('complaints', n, 'ingest ms', Date.now() - started, 'per complaint ms', (Date.now() - started) / n);
  const all: any[] = [];
  let cursor: string | null = null;
  do { const page: any = (await h.get('reviewer', `/v1/complainants?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json(); all.push(...page.items); cursor = page.nextCursor; } while (cursor);
  const stats: Record<string, Record<string, number>> = {};
  const findings: Record<string, Record<string, number>> = {};
  for (const a of all) { const k = keyOf.get(a.id); if (!k) continue; stats[k.group] ??= {}; stats[k.group][a.level] = (stats[k.group][a.level] ?? 0) + 1; stats[k.group]['flagged'] = (stats[k.group]['flagged'] ?? 0) + (a.registryState === 'flagged' ? 1 : 0);
    findings[k.group] ??= {}; for (const f of a.findings) findings[k.group][f] = (findings[k.group][f] ?? 0) + 1; }
  console.log(JSON.stringify(stats, null, 1));
  console.log(JSON.stringify(findings));
  const multi = [...idsByKey.values()].filter((s) => s.size > 1).length;
  console.log('keys with >1 complainant id', multi, 'of', idsByKey.size);
});
