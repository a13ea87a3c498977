// `npm run bench`: the stage move and the partial update through the gateway (GraphQL and REST,
// with authentication, validation, limits and history) against a bare node:http + pg server doing
// one prepared `UPDATE … RETURNING` per request (bench/baseline-server.ts), on a fresh PostgreSQL
// database (bench/fixture.ts). A third server as small as the raw one sends the gateway's own write
// statements bare (bench/gateway-statement-server.ts): the most the gateway could reach here with
// those writes, whatever its own CPU. The servers alternate in rounds within one run and a scenario's
// ratio is the median of its per-round ratios, so a machine shared with other work skews both
// sides alike. The load generator runs in its own process (bench/load.ts). Any failed answer, or
// a move without its history row, ends the run with exit code 1.
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROUNDS (5),
// BENCH_DURATION (8 seconds per measurement), BENCH_WARMUP (2 seconds per scenario, before the
// rounds), BENCH_CONNECTIONS (32), BENCH_WORKERS (1,2: the gateway's WEB_CONCURRENCY values),
// BENCH_PORT (45010: the first of the ports the servers listen on).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createFixture, OPPORTUNITIES, type Fixture } from './fixture.js';
import { loadGenerator, runLoad, writePlan, type LoadResult } from './load.js';
import { requestPlans, type Kind } from './plans.js';
import { backendPids, cpuOf, cpuSpent, peakRssOf, processTree } from './proc.js';
import {
  BASELINE_ENTRY,
  buildGateway,
  GATEWAY_ENTRY,
  GATEWAY_STATEMENT_ENTRY,
  startServer,
  stopServers,
  type Server,
} from './servers.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_DURATION ?? 8);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const firstPort = Number(process.env.BENCH_PORT ?? 45010);

interface Scenario {
  name: string;
  kind: Kind;
  server: Server;
  /** The raw server: the others are measured against it. */
  reference: boolean;
  /** Writes history rows, which the history check expects (the gateway and its statements, bare). */
  writesHistory: boolean;
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

/** Moves answered that write history (warm-up included) and the runs they came in: the history check counts on them. */
let historyMoves = 0;
let historyMoveRuns = 0;

async function measure(admin: pg.Client, scenario: Scenario, duration: number): Promise<Measurement> {
  const { server } = scenario;
  const tree = processTree(server.child.pid!);
  const backendsBefore = await backendPids(admin, server.applicationName);
  const [serverBefore, databaseBefore] = [cpuOf(tree), cpuOf(backendsBefore ?? [])];
  const load = await runLoad({ url: server.url, planFile: scenario.planFile, seconds: duration, connections });
  const serverCpu = cpuSpent(serverBefore, cpuOf(tree));
  const backendsAfter = await backendPids(admin, server.applicationName);
  // A backend opened during the run counts from zero; one closed during it is lost (pools keep
  // busy connections open, so that is rare).
  const databaseCpu =
    backendsBefore && backendsAfter
      ? cpuSpent(databaseBefore, cpuOf([...new Set([...backendsBefore, ...backendsAfter])]))
      : undefined;
  if (scenario.writesHistory && scenario.kind === 'move') {
    historyMoves += load.requests;
    historyMoveRuns += 1;
  }
  const requests = Math.max(1, load.requests);
  return {
    load,
    rps: load.requests / (load.durationUs / 1e6),
    serverCpuUs: serverCpu / requests,
    databaseCpuUs: databaseCpu === undefined ? undefined : databaseCpu / requests,
  };
}

/**
 * Every move of the gateway and of its statement sent bare wrote its history row: per opportunity
 * the rows chain from the first stage to the current one without a gap, and there is about one per
 * move that changed the stage (a move to the stage the opportunity is in writes nothing: one in as
 * many as there are open stages; and the requests still in flight when a run ends are served but
 * not counted as answered).
 */
async function checkHistory(fixture: Fixture): Promise<boolean> {
  const client = new pg.Client({ connectionString: fixture.url() });
  await client.connect();
  const {
    rows: [history],
  } = await client.query<{ rows: number; broken: number; stale: number }>(
    `SELECT
      (SELECT count(*) FROM stage_change)::int AS rows,
      (SELECT count(*) FROM (
        SELECT from_stage_id, lag(to_stage_id, 1, $1::uuid) OVER (PARTITION BY opportunity_id ORDER BY version) AS previous
        FROM stage_change) chain WHERE from_stage_id <> previous)::int AS broken,
      (SELECT count(*) FROM opportunity o WHERE o.id = ANY($2) AND o.stage_id <> COALESCE(
        (SELECT to_stage_id FROM stage_change s WHERE s.opportunity_id = o.id ORDER BY version DESC LIMIT 1),
        $1::uuid))::int AS stale`,
    [fixture.initialStageId, [...fixture.gatewayIds, ...fixture.statementIds]],
  );
  await client.end();
  const { rows, broken, stale } = history!;
  const expected = historyMoves * (1 - 1 / fixture.openStages.length);
  const holds =
    broken === 0 && stale === 0 && rows <= historyMoves + historyMoveRuns * connections && rows >= expected * 0.9;
  console.log(
    `history: ${historyMoves} moves answered, ${rows} stage_change rows (about ${Math.round(expected)} expected), ` +
      `${broken} gaps in a chain, ${stale} opportunities whose last row is not their stage: ${holds ? 'ok' : 'WRONG'}`,
  );
  return holds;
}

function report(results: Map<Scenario, Array<Measurement & { ratio: number }>>): boolean {
  const ms = (us: number) => (us / 1000).toFixed(1);
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  const rows = [
    '| scenario | server | ratio | req/s | p50 ms | p99 ms | server CPU µs/req | database CPU µs/req | idle RSS | peak RSS | failed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  let failures = 0;
  for (const [scenario, runs] of results) {
    const failed = runs.reduce((sum, run) => sum + run.load.non2xx + run.load.graphqlErrors + run.load.socketErrors, 0);
    failures += failed;
    const of = (value: (run: Measurement & { ratio: number }) => number) => median(runs.map(value));
    const database = runs.flatMap((run) => (run.databaseCpuUs === undefined ? [] : [run.databaseCpuUs]));
    rows.push(
      `| ${scenario.name} | ${scenario.server.name} | ${of((run) => run.ratio).toFixed(2)} | ` +
        `${Math.round(of((run) => run.rps))} | ${ms(of((run) => run.load.p50Us))} | ${ms(of((run) => run.load.p99Us))} | ` +
        `${Math.round(of((run) => run.serverCpuUs))} | ${database.length ? Math.round(median(database)) : 'n/a'} | ` +
        `${mb(scenario.server.idleRss)} | ${mb(peakRssOf(processTree(scenario.server.child.pid!)))} | ${failed} |`,
    );
  }
  console.log(`\n${rows.join('\n')}\n`);
  console.log(
    'ratio: median of the per-round ratios of req/s to the raw server in the same round; CPU: user+system time ' +
      'of the server (all its processes) and of its PostgreSQL backends per answered request; idle RSS: after ' +
      'start; peak RSS: the high-water mark of each process, summed; failed: answers outside 2xx, GraphQL errors ' +
      'and socket errors (must be 0).',
  );
  return failures === 0;
}

buildGateway();
const fixture = await createFixture(adminUrl);
const servers: Server[] = [];
const planDir = mkdtempSync(join(tmpdir(), 'bench-'));
let ok: boolean;
try {
  let port = firstPort;
  const baseline = await startServer({
    name: 'raw node:http + pg',
    args: BASELINE_ENTRY,
    env: {},
    databaseUrl: fixture.url,
    applicationName: 'bench_baseline',
    port: port++,
  });
  servers.push(baseline);
  const statements = await startServer({
    name: 'bare node:http + pg',
    args: GATEWAY_STATEMENT_ENTRY,
    env: { BENCH_WORKSPACE_ID: fixture.workspaceId, BENCH_ACTOR_ID: fixture.actorId },
    databaseUrl: fixture.url,
    applicationName: 'bench_statements',
    port: port++,
  });
  servers.push(statements);
  const gatewayServers: Server[] = [];
  for (const workers of workerCounts) {
    gatewayServers.push(
      await startServer({
        name: `gateway, ${workers} worker${workers > 1 ? 's' : ''}`,
        args: GATEWAY_ENTRY,
        env: { WEB_CONCURRENCY: String(workers), RATE_LIMIT_PER_HOUR: '1000000000', DATABASE_POOL_SIZE: '10' },
        databaseUrl: fixture.url,
        applicationName: `bench_gateway_${workers}`,
        port: port++,
      }),
    );
  }

  servers.push(...gatewayServers);

  const answering = { raw: [baseline], statement: [statements], gateway: gatewayServers };
  const scenarios: Scenario[] = requestPlans(fixture).flatMap(({ name, kind, server: target, plan }) => {
    const planFile = writePlan(join(planDir, `${name.replace(/[^a-z]+/gi, '-')}.plan`), plan);
    return answering[target].map((server) => ({
      name,
      kind,
      server,
      reference: target === 'raw',
      writesHistory: target !== 'raw',
      planFile,
    }));
  });

  console.log(
    `\n${loadGenerator} -t1 -c${connections}, ${rounds} rounds of ${seconds} s (after ${warmupSeconds} s of warm-up ` +
      `each), ${OPPORTUNITIES} opportunities per side, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
      `Node ${process.version}\n`,
  );
  for (const scenario of scenarios) await measure(fixture.admin, scenario, warmupSeconds); // JIT, pools, statements

  const results = new Map<Scenario, Array<Measurement & { ratio: number }>>();
  for (let round = 1; round <= rounds; round++) {
    for (const kind of ['move', 'update'] as const) {
      // The raw server first in odd rounds and last in even ones, so a drift of the machine's
      // load within a round favours neither side.
      const reference = scenarios.find((scenario) => scenario.reference && scenario.kind === kind)!;
      const others = scenarios.filter((scenario) => !scenario.reference && scenario.kind === kind);
      const order = round % 2 ? [reference, ...others] : [...others, reference];
      const measured = new Map<Scenario, Measurement>();
      for (const scenario of order) measured.set(scenario, await measure(fixture.admin, scenario, seconds));
      for (const scenario of [reference, ...others]) {
        const measurement = measured.get(scenario)!;
        const ratio = measurement.rps / measured.get(reference)!.rps;
        results.set(scenario, [...(results.get(scenario) ?? []), { ...measurement, ratio }]);
      }
    }
    console.log(`round ${round}/${rounds} done`);
  }
  const answered = report(results);
  ok = (await checkHistory(fixture)) && answered;
} finally {
  await stopServers(servers);
  rmSync(planDir, { recursive: true, force: true });
  await fixture.drop();
}
process.exitCode = ok ? 0 : 1;
