// The real server (src/server.ts) as a child process, the way `npm start` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLResponse } from './gateway.js';
import { freePort } from './ports.js';

const projectRoot = join(import.meta.dirname, '../..');
export const startTimeoutMs = 60_000;

export class ServerProcess {
  private output = '';
  readonly exited: Promise<[code: number | null, signal: NodeJS.Signals | null]>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  }

  /** Starts src/server.ts and resolves once /health answers; the caller's env picks the database. */
  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      // An empty DATABASE_URL counts as unset, so a caller's PGLITE_DATA_DIR is what it gets.
      env: { ...process.env, DATABASE_URL: '', MIGRATE_ON_START: '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      const health = await fetch(`${server.url}/health`).catch(() => undefined);
      if (health?.status === 200) return server;
      await sleep(200);
    }
    child.kill('SIGKILL');
    throw new Error(`the server did not start:\n${server.output}`);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.output;
  }

  async graphql(
    query: string,
    headers: Record<string, string> = {},
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  }

  /** SIGTERM, then how it exited and how long that took. */
  async terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const started = Date.now();
    this.child.kill('SIGTERM');
    const [code, signal] = await this.exited;
    return { code, signal, ms: Date.now() - started };
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}
