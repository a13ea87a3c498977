// `npm run bench`: the stage move and the partial update through the gateway (GraphQL and REST,
// with auth, validation and history) side by side with a bare node:http + pg server, on a fresh
// PostgreSQL database. Prints requests per second, latency and the ratio to the baseline.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10),
// BENCH_CONNECTIONS (32).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrations.js';
import { ApiKeyService } from '../src/modules/api-key/api-key.service.js';
import { SCOPES } from '../src/modules/api-key/scopes.js';
import { createWorkspace } from '../src/modules/workspace/workspace.service.js';
import { newOpportunityId } from '../src/modules/opportunity/opportunity.service.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const OPPORTUNITIES = 500;

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function start(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Keep reading stdout for the child's whole life: a closed pipe would fail its later writes.
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (ready.test(output)) resolve();
    });
    child.once('exit', () => reject(new Error(`${script} exited before it was ready:\n${output}`)));
  });
  return child;
}

const name = `gw_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = databaseUrl(name);
const children: ChildProcess[] = [];

try {
  const migrationPool = new pg.Pool({ connectionString: url, max: 1 });
  await applyMigrations(new PrismaPg(migrationPool));
  await migrationPool.end();

  const db = await openDatabase({ kind: 'postgres', url });
  const { workspace, pipeline } = await createWorkspace(db.prisma, 'Bench');
  const { rawKey } = await new ApiKeyService(db.prisma).create({
    workspaceId: workspace.id,
    name: 'bench',
    scopes: SCOPES,
  });
  const openStages = pipeline.stages.filter((stage) => stage.status === 'open');
  const ids = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
  await db.prisma.opportunity.createMany({
    data: ids.map((id) => ({
      id,
      workspaceId: workspace.id,
      name: `Bench ${id}`,
      pipelineId: pipeline.id,
      stageId: openStages[0]!.id,
    })),
  });
  await db.close();

  const [gatewayPort, baselinePort] = await Promise.all([freePort(), freePort()]);
  const env = { DATABASE_URL: url, RATE_LIMIT_PER_HOUR: '100000000', DATABASE_POOL_SIZE: '10' };
  children.push(await start('src/server.ts', { ...env, PORT: String(gatewayPort), HOST: '127.0.0.1' }, /GraphiQL/));
  children.push(await start('bench/baseline-server.ts', { ...env, PORT: String(baselinePort) }, /baseline ready/));

  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  const baseline = `http://127.0.0.1:${baselinePort}`;
  const auth = { 'content-type': 'application/json', 'x-api-key': rawKey };
  const MOVE =
    'mutation($id: ID!, $status: String!) { moveOpportunityStage(id: $id, input: {status: $status}) { id status version updatedAt } }';
  const UPDATE =
    'mutation($id: ID!, $notes: String) { updateOpportunity(id: $id, input: {notes: $notes}) { id notes version updatedAt } }';

  type Scenario = {
    name: string;
    target: string;
    baselineOf?: string;
    request: () => { method: 'POST' | 'PATCH' | 'PUT'; path: string; body: string };
  };
  const scenarios: Scenario[] = [
    {
      name: 'baseline move',
      target: baseline,
      request: () => ({
        method: 'POST',
        path: '/move',
        body: JSON.stringify({ id: pick(ids), value: pick(openStages).id }),
      }),
    },
    {
      name: 'GraphQL moveOpportunityStage',
      target: gateway,
      baselineOf: 'baseline move',
      request: () => ({
        method: 'POST',
        path: '/graphql',
        body: JSON.stringify({ query: MOVE, variables: { id: pick(ids), status: pick(openStages).key } }),
      }),
    },
    {
      name: 'REST PATCH …/stage',
      target: gateway,
      baselineOf: 'baseline move',
      request: () => ({
        method: 'PATCH',
        path: `/external/v1/opportunities/${pick(ids)}/stage`,
        body: JSON.stringify({ status: pick(openStages).key }),
      }),
    },
    {
      name: 'baseline update',
      target: baseline,
      request: () => ({
        method: 'POST',
        path: '/update',
        body: JSON.stringify({ id: pick(ids), value: `note ${Math.random()}` }),
      }),
    },
    {
      name: 'GraphQL updateOpportunity',
      target: gateway,
      baselineOf: 'baseline update',
      request: () => ({
        method: 'POST',
        path: '/graphql',
        body: JSON.stringify({ query: UPDATE, variables: { id: pick(ids), notes: `note ${Math.random()}` } }),
      }),
    },
    {
      name: 'REST PUT …/:id',
      target: gateway,
      baselineOf: 'baseline update',
      request: () => ({
        method: 'PUT',
        path: `/external/v1/opportunities/${pick(ids)}`,
        body: JSON.stringify({ notes: `note ${Math.random()}` }),
      }),
    },
  ];

  const results = new Map<string, { rps: number; p50: number; p99: number; errors: number }>();
  console.log(`\n${OPPORTUNITIES} opportunities, ${connections} connections, ${seconds}s per scenario\n`);
  for (const scenario of scenarios) {
    const run = (duration: number) =>
      autocannon({
        url: scenario.target,
        connections,
        duration,
        headers: auth,
        requests: [{ setupRequest: (request) => ({ ...request, ...scenario.request(), headers: auth }) }],
      });
    await run(2); // warm-up: JIT, prepared statements, pools
    const result = await run(seconds);
    results.set(scenario.name, {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.non2xx + result.errors,
    });
  }

  const rows = scenarios.map((scenario) => {
    const r = results.get(scenario.name)!;
    const base = scenario.baselineOf ? results.get(scenario.baselineOf) : undefined;
    return {
      scenario: scenario.name,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'non-2xx': r.errors,
      'vs baseline': base ? `${((r.rps / base.rps) * 100).toFixed(0)}%` : '',
    };
  });
  console.table(rows);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
