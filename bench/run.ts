// `npm run bench`: the stage move and the partial update through the gateway (GraphQL and REST,
// with authentication, validation, limits and history) against a bare node:http + pg server doing
// one prepared `UPDATE … RETURNING` per request (bench/baseline-server.ts), on a fresh PostgreSQL
// database. The servers alternate in rounds within one run and a scenario's ratio is the median
// of its per-round ratios, so a machine shared with other work skews both sides alike. The load
// generator runs in its own process (bench/load.ts). Any failed answer, or a move without its
// history row, ends the run with exit code 1.
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database bench_<pid>
// is created beside it and dropped), BENCH_ROUNDS (5), BENCH_DURATION (8 seconds per
// measurement), BENCH_WARMUP (2 seconds per scenario, before the rounds), BENCH_CONNECTIONS (32),
// BENCH_WORKERS (1,2: the gateway's WEB_CONCURRENCY values to measure), BENCH_PORT (45010: the
// first of the ports the servers listen on).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrations.js';
import { ApiKeyService } from '../src/modules/api-key/api-key.service.js';
import { SCOPES } from '../src/modules/api-key/scopes.js';
import { createWorkspace } from '../src/modules/workspace/workspace.service.js';
import { newOpportunityId } from '../src/modules/opportunity/opportunity.service.js';
import { loadGenerator, runLoad, writePlan, type LoadResult, type RequestPlan } from './load.js';
import { backendPids, cpuOf, cpuSpent, peakRssOf, processTree, rssOf } from './proc.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_DURATION ?? 8);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const firstPort = Number(process.env.BENCH_PORT ?? 45010);
const OPPORTUNITIES = 500;
/** How the gateway runs in production (`npm start`). */
const GATEWAY_ENTRY = ['--import', 'tsx', 'src/server.ts'];

interface Server {
  name: string;
  url: string;
  applicationName: string;
  child: ChildProcess;
  idleRss: number;
}

interface Scenario {
  name: string;
  kind: 'move' | 'update';
  server: Server;
  planFile: string;
}

interface Measurement {
  load: LoadResult;
  rps: number;
  serverCpuUs: number;
  databaseCpuUs: number | undefined;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function databaseUrl(name: string, applicationName?: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (applicationName) url.searchParams.set('application_name', applicationName);
  return url.toString();
}

async function waitUntil(ready: () => Promise<boolean>, child: ChildProcess, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was not ready within 60 s`);
}

async function startServer(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
): Promise<Server> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(url + readyPath)).ok, child, name);
  // Settled: whatever the start allocated and freed is gone from the count.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { name, url, applicationName: env.APPLICATION_NAME!, child, idleRss: rssOf(processTree(child.pid!)) };
}

async function measure(admin: pg.Client, scenario: Scenario, duration: number): Promise<Measurement> {
  const { server } = scenario;
  const tree = processTree(server.child.pid!);
  const backendsBefore = await backendPids(admin, server.applicationName);
  const [serverBefore, databaseBefore] = [cpuOf(tree), cpuOf(backendsBefore ?? [])];
  const load = await runLoad({ url: server.url, planFile: scenario.planFile, seconds: duration, connections });
  const serverCpu = cpuSpent(serverBefore, cpuOf(tree));
  const backendsAfter = await backendPids(admin, server.applicationName);
  const databaseCpu =
    backendsBefore && backendsAfter
      ? cpuSpent(databaseBefore, cpuOf([...new Set([...backendsBefore, ...backendsAfter])]))
      : undefined;
  if (scenario.kind === 'move' && server.applicationName !== 'bench_baseline') gatewayMoves += load.requests;
  const requests = Math.max(1, load.requests);
  return {
    load,
    rps: load.requests / (load.durationUs / 1e6),
    serverCpuUs: serverCpu / requests,
    databaseCpuUs: databaseCpu === undefined ? undefined : databaseCpu / requests,
  };
}

const databaseName = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${databaseName}"`);
const servers: Server[] = [];
const planDir = mkdtempSync(join(tmpdir(), 'bench-'));
let failed = false;
/** Gateway moves answered, warm-up included: the history check expects their rows. */
let gatewayMoves = 0;

try {
  const migrationPool = new pg.Pool({ connectionString: databaseUrl(databaseName), max: 1 });
  await applyMigrations(new PrismaPg(migrationPool));
  await migrationPool.end();

  // Two sets of opportunities: the baseline moves its own without history, which must not break
  // the chain of the gateway's that the history check reads.
  const db = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
  const { workspace, pipeline } = await createWorkspace(db.prisma, 'Bench');
  const { rawKey } = await new ApiKeyService(db.prisma).create({
    workspaceId: workspace.id,
    name: 'bench',
    scopes: SCOPES,
  });
  const openStages = pipeline.stages.filter((stage) => stage.status === 'open');
  const initialStage = openStages[0]!;
  const gatewayIds = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
  const baselineIds = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
  await db.prisma.opportunity.createMany({
    data: [...gatewayIds, ...baselineIds].map((id) => ({
      id,
      workspaceId: workspace.id,
      name: `Bench ${id}`,
      pipelineId: pipeline.id,
      stageId: initialStage.id,
    })),
  });
  await db.close();

  let port = firstPort;
  const baseline = await startServer(
    'raw node:http + pg',
    ['--import', 'tsx', 'bench/baseline-server.ts'],
    { DATABASE_URL: databaseUrl(databaseName, 'bench_baseline'), APPLICATION_NAME: 'bench_baseline' },
    port++,
    '/ready',
  );
  servers.push(baseline);
  for (const workers of workerCounts) {
    const applicationName = `bench_gateway_${workers}`;
    servers.push(
      await startServer(
        `gateway, ${workers} worker${workers > 1 ? 's' : ''}`,
        GATEWAY_ENTRY,
        {
          DATABASE_URL: databaseUrl(databaseName, applicationName),
          APPLICATION_NAME: applicationName,
          WEB_CONCURRENCY: String(workers),
          RATE_LIMIT_PER_HOUR: '1000000000',
          DATABASE_POOL_SIZE: '10',
        },
        port++,
        '/ready',
      ),
    );
  }

  const json = { 'content-type': 'application/json' };
  const auth = { ...json, 'x-api-key': rawKey };
  const graphql = (query: string, variables: string): Omit<RequestPlan, 'ids' | 'stages'> => ({
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query }).slice(0, -1) + `,"variables":${variables}}`,
    headers: auth,
    graphql: true,
  });
  const plans: Record<string, { kind: Scenario['kind']; plan: RequestPlan }> = {
    'raw UPDATE (move)': {
      kind: 'move',
      plan: {
        method: 'POST',
        path: '/move',
        body: '{"id":"{id}","value":"{stage}"}',
        headers: json,
        graphql: false,
        ids: baselineIds,
        stages: openStages.map((stage) => stage.id),
      },
    },
    'raw UPDATE (update)': {
      kind: 'update',
      plan: {
        method: 'POST',
        path: '/update',
        body: '{"id":"{id}","value":"note {note}"}',
        headers: json,
        graphql: false,
        ids: baselineIds,
        stages: [],
      },
    },
    'GraphQL moveOpportunityStage': {
      kind: 'move',
      plan: {
        ...graphql(
          'mutation($id: ID!, $status: String!) { moveOpportunityStage(id: $id, input: {status: $status}) { id status version updatedAt } }',
          '{"id":"{id}","status":"{stage}"}',
        ),
        ids: gatewayIds,
        stages: openStages.map((stage) => stage.key),
      },
    },
    'REST PATCH …/stage': {
      kind: 'move',
      plan: {
        method: 'PATCH',
        path: '/external/v1/opportunities/{id}/stage',
        body: '{"status":"{stage}"}',
        headers: auth,
        graphql: false,
        ids: gatewayIds,
        stages: openStages.map((stage) => stage.key),
      },
    },
    'GraphQL updateOpportunity': {
      kind: 'update',
      plan: {
        ...graphql(
          'mutation($id: ID!, $notes: String) { updateOpportunity(id: $id, input: {notes: $notes}) { id notes version updatedAt } }',
          '{"id":"{id}","notes":"note {note}"}',
        ),
        ids: gatewayIds,
        stages: [],
      },
    },
    'REST PUT …/:id': {
      kind: 'update',
      plan: {
        method: 'PUT',
        path: '/external/v1/opportunities/{id}',
        body: '{"notes":"note {note}"}',
        headers: auth,
        graphql: false,
        ids: gatewayIds,
        stages: [],
      },
    },
  };
  const planFile = (name: string) =>
    writePlan(join(planDir, `${name.replace(/[^a-z]+/gi, '-')}.plan`), plans[name]!.plan);
  const scenarios: Scenario[] = Object.keys(plans).flatMap((name) => {
    const file = planFile(name);
    const onServers = name.startsWith('raw') ? [baseline] : servers.slice(1);
    return onServers.map((server) => ({ name, kind: plans[name]!.kind, server, planFile: file }));
  });
  const baselineOf = (kind: Scenario['kind']) =>
    scenarios.find((scenario) => scenario.server === baseline && scenario.kind === kind)!;

  console.log(
    `\n${loadGenerator} -t1 -c${connections}, ${rounds} rounds of ${seconds} s (after ${warmupSeconds} s of warm-up each), ` +
      `${OPPORTUNITIES} opportunities per side, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n`,
  );
  for (const scenario of scenarios) await measure(admin, scenario, warmupSeconds); // JIT, pools, prepared statements

  const results = new Map<Scenario, Array<Measurement & { ratio: number }>>();
  for (let round = 1; round <= rounds; round++) {
    for (const kind of ['move', 'update'] as const) {
      // The baseline first in odd rounds and last in even ones, so a drift of the machine's load
      // within a round does not favour one side.
      const gateways = scenarios.filter((scenario) => scenario.kind === kind && scenario.server !== baseline);
      const reference = baselineOf(kind);
      const order = round % 2 ? [reference, ...gateways] : [...gateways, reference];
      const measured = new Map<Scenario, Measurement>();
      for (const scenario of order) measured.set(scenario, await measure(admin, scenario, seconds));
      for (const [scenario, measurement] of measured) {
        const ratio = measurement.rps / measured.get(reference)!.rps;
        results.set(scenario, [...(results.get(scenario) ?? []), { ...measurement, ratio }]);
      }
    }
    process.stdout.write(`round ${round}/${rounds} done\n`);
  }

  const ms = (us: number) => (us / 1000).toFixed(1);
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  const rows = [
    '| scenario | server | ratio | req/s | p50 ms | p99 ms | server CPU µs/req | database CPU µs/req | idle RSS | peak RSS | failed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [scenario, runs] of results) {
    const failures = runs.reduce(
      (sum, run) => sum + run.load.non2xx + run.load.graphqlErrors + run.load.socketErrors,
      0,
    );
    if (failures > 0) failed = true;
    const database = runs.map((run) => run.databaseCpuUs).filter((value) => value !== undefined);
    const tree = processTree(scenario.server.child.pid!);
    rows.push(
      `| ${scenario.name} | ${scenario.server.name} | ${median(runs.map((run) => run.ratio)).toFixed(2)} | ` +
        `${Math.round(median(runs.map((run) => run.rps)))} | ${ms(median(runs.map((run) => run.load.p50Us)))} | ` +
        `${ms(median(runs.map((run) => run.load.p99Us)))} | ${Math.round(median(runs.map((run) => run.serverCpuUs)))} | ` +
        `${database.length ? Math.round(median(database)) : 'n/a'} | ${mb(scenario.server.idleRss)} | ` +
        `${mb(peakRssOf(tree))} | ${failures} |`,
    );
  }
  console.log(`\n${rows.join('\n')}\n`);
  console.log(
    'ratio: median of the per-round ratios of req/s to the raw server in the same round; CPU: user+system time ' +
      'of the server (all its workers) and of its PostgreSQL backends, per answered request; ' +
      'failed: answers outside 2xx, GraphQL errors and socket errors (must be 0).',
  );

  // Every gateway move must have written its history row: per opportunity, the rows chain from the
  // first stage to the current one without a gap, and there is one per move that changed the stage
  // (a move to the stage it is in writes nothing: one in ${openStages.length} of random moves).
  const benchDb = new pg.Client({ connectionString: databaseUrl(databaseName) });
  await benchDb.connect();
  const {
    rows: [history],
  } = await benchDb.query<{ rows: number; broken: number; stale: number }>(
    `SELECT
      (SELECT count(*) FROM stage_change)::int AS rows,
      (SELECT count(*) FROM (
        SELECT from_stage_id, lag(to_stage_id, 1, $1::uuid) OVER (PARTITION BY opportunity_id ORDER BY version) AS previous
        FROM stage_change) chain WHERE from_stage_id <> previous)::int AS broken,
      (SELECT count(*) FROM opportunity o WHERE o.id = ANY($2) AND o.stage_id <> COALESCE(
        (SELECT to_stage_id FROM stage_change s WHERE s.opportunity_id = o.id ORDER BY version DESC LIMIT 1),
        $1::uuid))::int AS stale`,
    [initialStage.id, gatewayIds],
  );
  await benchDb.end();
  const expected = gatewayMoves * (1 - 1 / openStages.length);
  const historyHolds =
    history!.broken === 0 && history!.stale === 0 && history!.rows <= gatewayMoves && history!.rows >= expected * 0.9;
  console.log(
    `history: ${gatewayMoves} moves answered, ${history!.rows} stage_change rows (about ${Math.round(expected)} expected), ` +
      `${history!.broken} gaps in a chain, ${history!.stale} opportunities whose last row is not their stage: ` +
      (historyHolds ? 'ok' : 'WRONG'),
  );
  if (!historyHolds) failed = true;
} finally {
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map(({ child }) => (child.exitCode === null ? once(child, 'exit') : undefined)));
  rmSync(planDir, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.end();
}
process.exitCode = failed ? 1 : 0;
