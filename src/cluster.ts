// What `npm start` runs: the server (src/server.ts) in WEB_CONCURRENCY processes sharing one port
// through node:cluster, so every core serves requests. Each worker is a whole server with its own
// database pool, its own /ready and its own graceful shutdown. The primary serves nothing: it forks
// the first worker and waits until it listens (a wrong variable is then reported once, and
// MIGRATE_ON_START migrates once), forks the others, replaces a worker that dies after it served,
// and on SIGTERM/SIGINT passes SIGTERM to every worker and exits once all of them have drained.
// With one worker (the default) the server runs in this very process.
import cluster, { type Worker } from 'node:cluster';
import v8 from 'node:v8';
import { z } from 'zod';
import { ConfigError, envInteger, exitOnConfigError, parseEnv } from './env.js';

const clusterEnv = z.object({
  WEB_CONCURRENCY: envInteger({ min: 1, max: 256 })
    .default(1)
    .describe('an integer from 1 to 256: server processes sharing the port (default 1)'),
  // Only whether it is set: the workers check it (the primary stays small, with no database code).
  DATABASE_URL: z.string().optional(),
});

/** How many workers to run; throws a ConfigError on a wrong value (the workers check the rest). */
function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = parseEnv(clusterEnv, env);
  // The embedded database lives in one process (its folder is locked by the first).
  if (parsed.WEB_CONCURRENCY > 1 && !parsed.DATABASE_URL) {
    throw new ConfigError(
      ['WEB_CONCURRENCY'],
      'Invalid configuration: WEB_CONCURRENCY above 1 needs DATABASE_URL (the embedded database serves one process).',
    );
  }
  return parsed.WEB_CONCURRENCY;
}

function runPrimary(workers: number): void {
  const live = new Set<Worker>();
  const served = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;

  const fork = () =>
    new Promise<void>((resolve) => {
      const worker = cluster.fork();
      live.add(worker);
      worker.once('listening', () => {
        served.add(worker);
        resolve();
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        resolve();
        if (stopping) {
          // One still starting may die of the SIGTERM itself: it had nothing to drain.
          if (code !== 0 && (served.has(worker) || signal !== 'SIGTERM')) exitCode = 1;
          if (live.size === 0) process.exit(exitCode);
        } else if (served.has(worker)) {
          console.error(`worker ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); starting another`);
          void fork();
        } else {
          // It could not start (its own message says why); the others would fail alike.
          exitCode = code || 1;
          stop();
        }
      });
    });

  function stop(): void {
    if (stopping) return;
    stopping = true;
    if (live.size === 0) process.exit(exitCode);
    // Each drains like a lone server: in-flight requests finish within SHUTDOWN_GRACE_MS.
    for (const worker of live) worker.process.kill('SIGTERM');
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  void (async () => {
    await fork();
    if (stopping) return;
    await Promise.all(Array.from({ length: workers - 1 }, fork));
    if (!stopping) console.log(`${workers} workers serving`);
  })();
}

// Under load much of the garbage is requests in flight, promoted to the old space while they wait
// for a pooled connection; V8's default growth then lets the old space reach several times what
// survives a full collection (peak RSS about 370 MB for about 60 MB live). Growing it by 60 % at a
// time kept the bench's peak near 210 MB at no measured CPU cost (30 %: 230 MB, but about a tenth
// more CPU). A policy, not a cap: a larger live set still gets the room it needs. A flag given on
// the command line wins.
const HEAP_GROWING_FLAG = '--heap-growing-percent';
if (!process.execArgv.some((arg) => arg.startsWith(HEAP_GROWING_FLAG))) {
  v8.setFlagsFromString(`${HEAP_GROWING_FLAG}=60`);
}

if (cluster.isPrimary) {
  const workers = exitOnConfigError(() => workerCount());
  if (workers > 1) runPrimary(workers);
  else await import('./server.js');
} else {
  await import('./server.js');
}
