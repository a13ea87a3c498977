// The only file that listens: opens the database, migrates when asked, serves the gateway and
// shuts down gracefully on SIGTERM/SIGINT (in-flight requests finish, then the database closes).
import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { exitOnConfigError } from './env.js';
import { applyMigrations } from './db/migrations.js';
import { embeddedDevKey } from './db/seed.js';
import { createServices } from './services.js';
import { createRateLimiter } from './rest/rate-limit.js';
import { createGateway } from './yoga.js';
import { createLogger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { serveMetrics } from './observability/metrics-server.js';
import { startTracing } from './observability/tracing.js';

// A wrong variable ends the process here, with one line naming it (exit code 2).
const config = exitOnConfigError(() => loadConfig());
// Before the database opens, so its statements are traced from the first one.
const tracing = config.tracing && (await startTracing(config.tracing.serviceName));
const db = await openDatabase(config.database);
if (config.migrateOnStart) {
  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
}
const services = createServices(db, { apiKeyCacheTtlMs: config.apiKeyCacheTtlMs });
// The embedded database is the try-it-out setup: it starts with demo data and a key to use them.
// PostgreSQL is seeded on purpose (`npm run db:seed`), which prints its key once.
const devKey =
  config.database.kind === 'pglite' ? await embeddedDevKey(db.prisma, services, config.database.dataDir) : undefined;
const logger = createLogger(config.logLevel);
const metrics = new GatewayMetrics();
const gateway = createGateway({
  db,
  services,
  rateLimiter: createRateLimiter(config.rateLimit),
  queryLimits: config.queryLimits,
  logger,
  metrics,
  metricsEndpoint: config.metricsPort === undefined,
  tracing,
});
if (config.metricsPort !== undefined) serveMetrics(metrics, config.metricsPort, config.host, logger);
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
  console.log(`Metrics: http://${host}:${config.metricsPort ?? config.port}/metrics`);
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
    await gateway.dispose();
    await db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
