// `npm run bench:profile`: the gateway under the bench's load (each of its four scenarios in
// turn) with `node --cpu-prof`, then a summary of where its CPU time went (bench/profile-summary.ts).
// The .cpuprofile is kept for Chrome DevTools or speedscope. BENCH_DATABASE_URL, BENCH_DURATION
// (8 s per scenario), BENCH_CONNECTIONS (32), BENCH_PORT (45010), BENCH_PROFILE_DIR (.profile).
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFixture } from './fixture.js';
import { runLoad, writePlan } from './load.js';
import { requestPlans } from './plans.js';
import { summariseProfile } from './profile-summary.js';
import { buildGateway, GATEWAY_ENTRY, startServer, stopServers, type Server } from './servers.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const port = Number(process.env.BENCH_PORT ?? 45010);
const profileDir = resolve(process.env.BENCH_PROFILE_DIR ?? '.profile');

buildGateway();
const fixture = await createFixture(adminUrl);
const planDir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
const runDir = join(profileDir, new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(runDir, { recursive: true });
let gateway: Server | undefined;
let startUs: number;
try {
  const spawned = performance.now();
  gateway = await startServer({
    name: 'gateway',
    args: [`--cpu-prof`, `--cpu-prof-dir=${runDir}`, ...GATEWAY_ENTRY],
    env: { WEB_CONCURRENCY: '1', RATE_LIMIT_PER_HOUR: '1000000000' },
    databaseUrl: fixture.url,
    applicationName: 'bench_profile',
    port,
  });
  startUs = (performance.now() - spawned) * 1000;
  for (const { name, server, plan } of requestPlans(fixture)) {
    if (server !== 'gateway') continue;
    const planFile = writePlan(join(planDir, 'plan'), plan);
    const load = await runLoad({ url: gateway.url, planFile, seconds, connections });
    console.log(`${name}: ${Math.round(load.requests / (load.durationUs / 1e6))} req/s`);
  }
} finally {
  // The profile is written when the process exits.
  if (gateway) await stopServers([gateway]);
  rmSync(planDir, { recursive: true, force: true });
  await fixture.drop();
}
// CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread, where requests
// are handled (a loader's hooks run in a thread of their own).
const profiles = readdirSync(runDir).filter((file) => /\.0\.\d+\.cpuprofile$/.test(file));
if (!profiles.length) throw new Error(`no .cpuprofile was written to ${runDir}`);
for (const file of profiles) {
  console.log(`\n${join(runDir, file)}, under load:\n`);
  console.log(summariseProfile(join(runDir, file), { fromUs: startUs }));
}
