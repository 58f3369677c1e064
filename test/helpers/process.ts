/** Runs the real server entry point in a child process, for tests of signals, crashes and restarts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServer(
  env: Record<string, string>,
  entry = ['--import', 'tsx', 'src/server.ts'],
  /** cleanEnv: start from an empty environment (as a container does), not the test runner's. */
  opts: { cwd?: string; uid?: number; gid?: number; cleanEnv?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  // A test runner may add instrumentation to every child through NODE_OPTIONS; a container has none.
  const [command, args] = opts.cleanEnv ? ['/bin/sh', ['-c', 'unset NODE_OPTIONS; exec "$@"', 'sh', process.execPath, ...entry]] : [process.execPath, entry];
  const child = spawn(command, args, {
    cwd: opts.cwd,
    uid: opts.uid,
    gid: opts.gid,
    env: { ...(opts.cleanEnv ? { PATH: process.env.PATH } : process.env), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => out, exited };
}
