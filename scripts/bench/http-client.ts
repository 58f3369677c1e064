/**
 * The intake system of `npm run bench`'s HTTP phase, in a process of its own (forked; its job
 * comes as one message): it posts each complaint in turn over one keep-alive connection and times
 * it from sending to the answer read. Posted from the service's own thread, the client's half of
 * every request (writing the body, reading and parsing the answer) was counted in the service's
 * latency and held the thread the service answers on. It posts with node's own http (lean-client.ts):
 * `fetch` added its own time, most of all to the tail.
 */
import { leanClient } from './lean-client.js';

export interface HttpClientJob {
  base: string;
  token: string;
  bodies: unknown[];
  /** ms from one complaint sent to the next (as an intake system posting as they come); 0: at once. */
  pace?: number;
}

export interface HttpClientResult {
  /** ms, one per complaint, in the order posted. */
  latencies: number[];
}

process.once('message', async (job: HttpClientJob) => {
  const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
  const client = leanClient(job.base);
  const latencies: number[] = [];
  // When each is due: one `pace` after the one before was sent, or at once if that has passed.
  let due = performance.now();
  for (const body of job.bodies) {
    const json = JSON.stringify(body);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const started = performance.now();
    due = started + (job.pace ?? 0);
    const { status, text } = await client.send('POST', '/v1/complaints', headers, json);
    latencies.push(performance.now() - started);
    if (status !== 201 && status !== 200) throw new Error(`a complaint was answered ${status}: ${text}`);
  }
  client.close();
  // Disconnected once sent: the channel would keep both processes alive.
  process.send!({ latencies } satisfies HttpClientResult, () => process.disconnect());
});
