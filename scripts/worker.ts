// `npm run worker`: the webhook deliveries without the HTTP server, for deployments that run them
// apart (set WEBHOOK_WORKER=0 on the servers). Stops on SIGTERM/SIGINT after the running jobs.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { exitOnConfigError } from '../src/env.js';
import { startJobWorker } from '../src/jobs/job-worker.js';

const config = exitOnConfigError(() => loadConfig());
const db = await openDatabase(config.database);
const worker = await startJobWorker(db, config.webhooks, { eventRetentionDays: config.events.retentionDays });
console.log('Pipeline Gateway worker: delivering webhooks, pruning expired events and idempotency keys hourly');
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
