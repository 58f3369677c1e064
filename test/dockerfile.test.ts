/**
 * No Docker engine runs here, so this test performs the Dockerfile's steps by hand: the build
 * stage's copies and commands (npm ci replaced by the already-installed tree), then a runtime
 * folder holding exactly what the runtime stage copies, started as a non-root user with the
 * image's environment, answering /healthz — and the HEALTHCHECK command itself succeeding.
 */
import t from 'tap';
import { execFileSync, execSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/app.js';
import { startServer } from './helpers/process.js';

const dockerfile = readFileSync('Dockerfile', 'utf8').replace(/\\\n\s*/g, ' ');
const stages = dockerfile.split(/^FROM /m).slice(1);
const build = stages.find((s) => / AS build/.test(s.split('\n')[0]))!;
const runtime = stages.find((s) => / AS runtime/.test(s.split('\n')[0]))!;
const lines = (stage: string, instr: string) =>
  stage
    .split('\n')
    .filter((l) => l.startsWith(`${instr} `))
    .map((l) => l.slice(instr.length + 1).trim());

// The image steps build from scratch: minutes on a busy machine, more than the suite's 300 s per file.
t.setTimeout(900_000);

t.test('the Dockerfile has two stages, a non-root user, a data volume and a health check', async (t) => {
  t.ok(build && runtime, 'build and runtime stages');
  t.same(lines(runtime, 'USER'), ['node']);
  t.match(lines(runtime, 'VOLUME').join(), /\/data/);
  t.match(lines(runtime, 'HEALTHCHECK').join(), /\/healthz/);
  t.ok(
    lines(runtime, 'COPY').some((c) => c.includes('db/migrations')),
    'migrations ship in the image',
  );
});

t.test('both stages build on one Node.js LTS image that package.json admits', async (t) => {
  const images = stages.map((s) => s.split(/\s+/)[0]);
  const majors = new Set(images.map((i) => /^node:(\d+)-/.exec(i)?.[1]));
  t.equal(majors.size, 1, `one Node.js release: ${images.join(', ')}`);
  const [major] = majors;
  t.ok(major && Number(major) % 2 === 0, `Node.js ${major} is an LTS line`);
  const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  t.match(engines, new RegExp(`(^|\\|\\|)\\s*>=${major}\\b`), `engines (${engines}) admits Node.js ${major}`);
});

t.test('the build context leaves out data folders and secrets, and keeps what the build copies', async (t) => {
  const ignored = readFileSync('.dockerignore', 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const pattern of ['data/', 'data-demo/', 'bench-data/', '*.key', '*.db', '.env']) t.ok(ignored.includes(pattern), `${pattern} stays out`);
  for (const copy of lines(build, 'COPY'))
    for (const src of copy.split(/\s+/).slice(0, -1))
      t.notOk(
        ignored.some((p) => p.replace(/\/$/, '') === src),
        `${src} is sent to the build`,
      );
});

t.test('the image steps, performed by hand, give a service that answers /healthz', async (t) => {
  const root = tempDir(t, 'sieve-docker-');
  // The image runs as a non-root user, which must be able to reach the runtime files.
  chmodSync(root, 0o755);
  const buildDir = join(root, 'build');
  mkdirSync(buildDir);
  for (const copy of lines(build, 'COPY')) {
    const parts = copy.split(/\s+/);
    const dest = parts.pop()!;
    for (const src of parts) cpSync(src, join(buildDir, dest.endsWith('/') || parts.length > 1 ? src : dest), { recursive: true });
  }
  // `npm ci` in the image; here the tree CI already installed from the same lockfile, hard-linked.
  execFileSync('cp', ['-al', 'node_modules', join(buildDir, 'node_modules')]);
  for (const run of lines(build, 'RUN')) {
    if (/apt-get|npm ci/.test(run)) continue;
    execSync(run, { cwd: buildDir, stdio: 'pipe' });
  }
  t.notOk(existsSync(join(buildDir, 'node_modules', 'typescript')), 'dev dependencies are pruned');

  const app = join(root, 'app');
  mkdirSync(app);
  for (const copy of lines(runtime, 'COPY')) {
    const [, from, to] = /--from=build \/app\/(\S+) \.\/(\S+)/.exec(copy)!;
    cpSync(join(buildDir, from), join(app, to), { recursive: true });
  }
  const data = join(root, 'data');
  mkdirSync(data);
  const env = Object.fromEntries(
    lines(runtime, 'ENV')
      .join(' ')
      .split(/\s+/)
      .map((kv) => kv.split('=')),
  ) as Record<string, string>;
  const cmd = JSON.parse(lines(runtime, 'CMD')[0]) as string[];
  // As root, run the way the image does: as an unprivileged user that owns only the data volume.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(data, 65534, 65534);
  // The test picks a free port; the image's other settings apply as written.
  const { PORT: _imagePort, ...imageEnv } = env;
  const server = await startServer({ ...imageEnv, SIEVE_DATA_DIR: data, HOST: '127.0.0.1', SIEVE_API_KEYS: '', SIEVE_PII_KEY: '' }, cmd.slice(1), {
    cwd: app,
    cleanEnv: true,
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  t.teardown(() => server.child.kill('SIGKILL'));
  const health = await fetch(`${server.base}/healthz`);
  t.equal(health.status, 200);
  t.ok(existsSync(join(data, 'sieve.db')), 'the database is created in the data volume');
  // Node 24 sizes the young generation by the machine's memory (128 MB on this one); the image
  // pins what node 20 and 22 take, and `npm start` runs the service the same way.
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  const young = Number(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/m.exec(metrics)?.[1]);
  t.ok(young > 0 && young <= 32 * 2 ** 20, `the young generation is at most 32 MiB (${young} bytes)`);
  t.equal(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start, `node ${cmd.slice(1).join(' ')}`, 'npm start runs what the image runs');
  const check = lines(runtime, 'HEALTHCHECK')[0].replace(/^.*CMD\s+/, '');
  const port = new URL(server.base).port;
  execSync(check, { cwd: app, env: { ...process.env, PORT: port }, stdio: 'pipe' });
  t.pass('the HEALTHCHECK command succeeds');
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  t.same(exit, { code: 0, signal: null }, `stops cleanly on SIGTERM: ${server.output().slice(-600)}`);
});
