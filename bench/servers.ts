// Starts the servers the bench measures, each a process of its own in production mode, and
// answers once it is ready, with its resident memory at rest.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { processTree, rssOf } from './proc.js';

/** How the gateway runs in production (`npm start`, after `npm run build`). */
export const GATEWAY_ENTRY = ['dist/cluster.js'];
export const BASELINE_ENTRY = ['--import', 'tsx', 'bench/baseline-server.ts'];
export const GATEWAY_STATEMENT_ENTRY = ['--import', 'tsx', 'bench/gateway-statement-server.ts'];

/** Compiles the gateway as `npm start` does, so the bench measures the current source. */
export function buildGateway(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

export interface Server {
  name: string;
  url: string;
  /** Its connections' application_name, by which its PostgreSQL backends are found. */
  applicationName: string;
  child: ChildProcess;
  idleRss: number;
}

export async function startServer(options: {
  name: string;
  /** Node's arguments: flags and the entry file. */
  args: readonly string[];
  env: Record<string, string>;
  databaseUrl: (applicationName: string) => string;
  applicationName: string;
  port: number;
}): Promise<Server> {
  const { name, args, env, applicationName, port } = options;
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...env,
      DATABASE_URL: options.databaseUrl(applicationName),
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    if (attempt === 600) throw new Error(`${name} was not ready within 60 s`);
    if (
      await fetch(`${url}/ready`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Settled: what the start allocated and freed is no longer counted.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { name, url, applicationName, child, idleRss: rssOf(processTree(child.pid!)) };
}

export async function stopServers(servers: readonly Server[]): Promise<void> {
  for (const { child } of servers) child.kill('SIGTERM');
  await Promise.all(servers.map(async ({ child }) => (child.exitCode === null ? once(child, 'exit') : undefined)));
}
