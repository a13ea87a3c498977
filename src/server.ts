// The only file that listens: opens the database, migrates when asked, serves the gateway and
// shuts down gracefully on SIGTERM/SIGINT (in-flight requests finish, then the database closes).
import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { exitOnConfigError } from './env.js';
import { applyMigrations } from './db/migrations.js';
import { embeddedDevKey } from './demo-seed.js';
import { createServices } from './services.js';
import { createRateLimiter } from './rest/rate-limit.js';
import { createGateway } from './yoga.js';
import { installJobQueue, startJobWorkerInBackground } from './jobs/job-worker.js';

// A wrong variable ends the process here, with one line naming it (exit code 2).
const config = exitOnConfigError(() => loadConfig());
const db = await openDatabase(config.database);
if (config.migrateOnStart) {
  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
}
const services = createServices(db, {
  apiKeyCacheTtlMs: config.apiKeyCacheTtlMs,
  webhookPrivateTargets: config.webhooks.allowPrivateTargets,
});
// Webhook deliveries run here unless a separate `npm run worker` does them (WEBHOOK_WORKER=0); the
// enqueue trigger is installed either way, so no change waits for a worker to have started once.
// Neither holds the start: a database that is down is waited for, as requests wait for it.
const jobWorker = config.webhooks.runWorker ? startJobWorkerInBackground(db, config.webhooks) : undefined;
if (!config.webhooks.runWorker)
  installJobQueue(db.jobQueuePool).catch((error: unknown) =>
    console.warn(`job queue not installed: ${error instanceof Error ? error.message : String(error)}`),
  );
// The embedded database is the try-it-out setup: it starts with demo data and a key to use them.
// PostgreSQL is seeded on purpose (`npm run db:seed`), which prints its key once.
const devKey =
  config.database.kind === 'pglite' ? await embeddedDevKey(db.prisma, services, config.database.dataDir) : undefined;
const gateway = createGateway({
  db,
  services,
  rateLimiter: createRateLimiter(config.rateLimit),
  queryLimits: config.queryLimits,
});
// Handlers still running, so the database closes only after the last one (a client may hang up
// before its handler is done, which closes the server while work is in flight).
const handlers = new Set<Promise<unknown>>();
const server = createServer((request, response) => {
  // requestListener answers its own errors; the promise only tells when the handler is done.
  const handled = Promise.resolve(gateway.requestListener(request, response));
  handlers.add(handled);
  void handled.finally(() => handlers.delete(handled));
});
server.keepAliveTimeout = 65_000;
let stopping = false;
// While stopping, a keep-alive connection whose request was in flight is closed as soon as it
// goes idle, instead of holding the exit until the client hangs up or the grace period ends.
server.on('request', (_request, response) => {
  response.on('finish', () => {
    if (stopping) setImmediate(() => server.closeIdleConnections());
  });
});

server.listen(config.port, config.host, () => {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const database = config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite (${config.database.dataDir})`;
  console.log(`Pipeline Gateway on http://${host}:${config.port} (${database})`);
  console.log(`GraphiQL: http://${host}:${config.port}/graphql`);
  if (devKey) {
    if (devKey.seeded) console.log('Seeded the empty database with demo data.');
    console.log(`Development API key: ${devKey.key}${devKey.path ? ` (kept in ${devKey.path})` : ''}`);
  }
});

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests`);
  const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
  force.unref();
  server.close(async () => {
    await Promise.all(handlers);
    await jobWorker?.stop();
    await gateway.dispose();
    await db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
