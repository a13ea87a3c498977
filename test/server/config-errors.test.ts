// The real server (src/server.ts, as `npm start` runs it) given a wrong configuration value: it
// stops before opening anything, with one line on stderr naming the variable and what it accepts,
// exit code 2 and no stack trace.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const projectRoot = join(import.meta.dirname, '../..');

/** Runs the server with `env` over a clean environment; resolves with how it ended and what it said. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    // Nothing from the test run's own configuration; a memory database in case the value were taken.
    env: { PATH: process.env.PATH, PGLITE_DATA_DIR: 'memory://', HOST: '127.0.0.1', PORT: '4720', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe.concurrent('the server with a wrong configuration value', () => {
  it.each<[string, Record<string, string>, string]>([
    ['PORT=abc', { PORT: 'abc' }, 'PORT accepts an integer from 0 to 65535'],
    [
      'DATABASE_POOL_SIZE=0',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', DATABASE_POOL_SIZE: '0' },
      'DATABASE_POOL_SIZE accepts an integer of at least 1',
    ],
    [
      'an unparsable DATABASE_URL',
      { DATABASE_URL: 'postgres//postgres:hunter2@127.0.0.1' },
      'DATABASE_URL accepts a postgres:// or postgresql:// URL',
    ],
    ['RATE_LIMIT_PER_HOUR=0', { RATE_LIMIT_PER_HOUR: '0' }, 'RATE_LIMIT_PER_HOUR accepts an integer of at least 1'],
  ])('%s: stops with exit code 2 and one line naming the variable', async (_case, env, says) => {
    const { code, stdout, stderr } = await start(env);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((line) => line !== '');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toContain(says);
    expect(lines[0]).not.toContain('hunter2');
  });
});
