/**
 * The health probe of `bench:batch`, in a process of its own (forked with its job as its one
 * argument), as a load balancer would be: asks /healthz every 10 ms and times each from send to
 * answer, until told to stop. On the service's own thread the probe's timer and its client half
 * ran in step with the service's transaction groups: on node 20 most checks then went in just
 * after a group (p50 1.6 ms), on node 22 and 24 just before one (p50 18 ms). From here a check
 * arrives at any moment of a group, as an outside one does: p50 7–8 ms on all three
 * (docs/performance.md, "Node 22 and 24").
 */
export interface HealthProbeJob {
  base: string;
}

const { base } = JSON.parse(process.argv[2]) as HealthProbeJob;
let probing = true;
process.once('message', () => {
  probing = false;
});
// The first fetch loads node's HTTP client (~130 ms on this machine): not a wait of the service.
await (await fetch(`${base}/healthz`)).arrayBuffer();
process.send!('ready');
const waits: number[] = [];
while (probing) {
  const s = performance.now();
  await (await fetch(`${base}/healthz`)).arrayBuffer();
  waits.push(performance.now() - s);
  await new Promise((r) => setTimeout(r, 10));
}
// Disconnected once sent: the channel would keep both processes alive.
process.send!(waits, () => process.disconnect());
