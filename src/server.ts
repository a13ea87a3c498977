// The only file that listens: opens the database, migrates when asked, serves the gateway and
// shuts down gracefully on SIGTERM/SIGINT (src/graceful-shutdown.ts: every request received is
// answered, then the database closes).
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { exitOnConfigError } from './env.js';
import { gracefulServer } from './graceful-shutdown.js';
import { applyMigrations } from './db/migrations.js';
import { embeddedDevKey } from './demo-seed.js';
import { createServices } from './services.js';
import { createRateLimiter } from './rest/rate-limit.js';
import { createGateway } from './yoga.js';
import { createLogger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { serveMetrics } from './observability/metrics-server.js';
import { startTracing } from './observability/tracing.js';
import { attachWebSocketSubscriptions } from './subscriptions/websocket.js';

// A wrong variable ends the process here, with one line naming it (exit code 2).
const config = exitOnConfigError(() => loadConfig());
// Before the database opens, so its statements are traced from the first one.
const tracing = config.tracing && (await startTracing(config.tracing.serviceName));
const db = await openDatabase(config.database);
if (config.migrateOnStart) {
  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
}
const services = createServices(db, {
  apiKeyCacheTtlMs: config.apiKeyCacheTtlMs,
  events: config.events,
  webhookPrivateTargets: config.webhooks.allowPrivateTargets,
});
// Webhook deliveries run here unless a separate `npm run worker` does them (WEBHOOK_WORKER=0); the
// enqueue trigger is installed either way, so no change waits for a worker to have started once.
// Neither holds the start: a database that is down is waited for, as requests wait for it.
// Imported here, not above: a configuration error exits without loading the job queue's modules.
const { installJobQueue, startJobWorkerInBackground } = await import('./jobs/job-worker.js');
const jobWorker = config.webhooks.runWorker
  ? startJobWorkerInBackground(db, config.webhooks, { eventRetentionDays: config.events.retentionDays })
  : undefined;
if (!config.webhooks.runWorker)
  installJobQueue(db.jobQueuePool).catch((error: unknown) =>
    console.warn(`job queue not installed: ${error instanceof Error ? error.message : String(error)}`),
  );
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
  compileOnRun: config.compileOnRun,
  logger,
  metrics,
  metricsEndpoint: config.metricsPort === undefined,
  tracing,
});
if (config.metricsPort !== undefined) serveMetrics(metrics, config.metricsPort, config.host, logger);
const { server, stop } = gracefulServer(gateway.requestListener, { graceMs: config.shutdownGraceMs });
server.keepAliveTimeout = 65_000;
const webSockets = attachWebSocketSubscriptions(server, gateway);

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

let stopped: Promise<void> | undefined;
async function shutdown(signal: string) {
  // Subscriptions never finish by themselves: ended first, so their requests and sockets close.
  void webSockets.close();
  services.opportunityEvents.endSubscriptions();
  await stop(signal);
  // Running deliveries finish (or stay locked for a later retry) before the database closes.
  await jobWorker?.stop();
  await gateway.dispose();
  await services.close();
  await db.close();
  process.exit(0);
}
// A second signal changes nothing: the shutdown under way already ends within the grace.
process.on('SIGTERM', () => void (stopped ??= shutdown('SIGTERM')));
process.on('SIGINT', () => void (stopped ??= shutdown('SIGINT')));
