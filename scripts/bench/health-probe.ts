/**
 * The health probe of `bench:batch`, in a process of its own (forked with its job as its one
 * argument), as a load balancer would be: asks /healthz every 10 ms and times each from send to
 * answer, until told to stop. On the service's own thread the probe's timer and its client half
 * ran in step with the service's transaction groups: on node 20 most checks then went in just
 * after a group (p50 1.6 ms), on node 22 and 24 just before one (p50 18 ms). From here a check
 * arrives at any moment of a group, as an outside one does: p50 7–8 ms on all three
 * (docs/performance.md, "Node 22 and 24"). It asks with node's own http (lean-client.ts), whose
 * time is less of the wait than fetch's.
 */
import { leanClient } from './lean-client.js';

export interface HealthProbeJob {
  base: string;
}

const { base } = JSON.parse(process.argv[2]) as HealthProbeJob;
let probing = true;
process.once('message', () => {
  probing = false;
});
const client = leanClient(base);
// The first check opens the connection: not a wait of the service.
await client.send('GET', '/healthz');
process.send!('ready');
const waits: number[] = [];
while (probing) {
  const s = performance.now();
  await client.send('GET', '/healthz');
  waits.push(performance.now() - s);
  await new Promise((r) => setTimeout(r, 10));
}
client.close();
// Disconnected once sent: the channel would keep both processes alive.
process.send!(waits, () => process.disconnect());
