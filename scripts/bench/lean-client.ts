/**
 * The HTTP client of the benchmarks that time the service's answers (`npm run bench`'s HTTP phase,
 * `bench:batch`'s health probe): node's own http over one keep-alive connection. `fetch` (undici,
 * with WHATWG streams) added ~0.45 ms at the median and ~3.5 ms at the p99 to a bare server's 3 ms
 * answers on this machine (docs/performance.md, "The client's share of the HTTP figures"): time of
 * the client, which those figures counted as the service's.
 */
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  text: string;
}

export interface LeanClient {
  /** Sends one request and reads the whole answer; requests go one after another on one connection. */
  send(method: 'GET' | 'POST', path: string, headers?: OutgoingHttpHeaders, body?: string): Promise<Answer>;
  close(): void;
}

export function leanClient(base: string): LeanClient {
  const { hostname, port } = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method, path, headers = {}, body) {
      const sized = body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
      return new Promise((resolve, reject) => {
        const req = request({ host: hostname, port, method, path, agent, headers: sized }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
