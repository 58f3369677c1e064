/**
 * The intake system of `bench:batch`, in a process of its own (forked with its job as its one
 * argument): it generates the stream, writes each batch's JSON and reads each answer (~3 MB for a
 * thousand items) away from the service, as an intake system would, so that the service's
 * event-loop figures and its RSS are its own.
 */
import { taggedComplaints } from './tagged-stream.js';

export interface BatchClientJob {
  base: string;
  token: string;
  seed: number;
  tag: string;
  batches: number;
  size: number;
}

export interface BatchClientResult {
  sent: number;
  seconds: number;
  statuses: Array<[string, number]>;
}

const job = JSON.parse(process.argv[2]) as BatchClientJob;
const stream = taggedComplaints(job.seed, job.tag);
const next = () => {
  const r = stream.next();
  return r.done ? null : r.value.body;
};
const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
const statuses = new Map<string, number>();
let sent = 0;
let seconds = 0;
for (let b = 0; b < job.batches; b++) {
  const items = [];
  for (let i = 0; i < job.size; i++) {
    const body = next();
    if (!body) break;
    items.push(body);
  }
  if (!items.length) break;
  // Timed from sending to the answer read: generating the next batch is the client's own time.
  const started = performance.now();
  const res = await fetch(`${job.base}/v1/complaints/batch`, { method: 'POST', headers, body: JSON.stringify({ items }) });
  if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  for (const r of ((await res.json()) as { results: Array<{ status: string }> }).results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  seconds += (performance.now() - started) / 1000;
  sent += items.length;
}
// Disconnected once sent: the channel would keep both processes alive.
process.send!({ sent, seconds, statuses: [...statuses] } satisfies BatchClientResult, () => process.disconnect());
