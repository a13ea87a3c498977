// The load generator of `npm run bench`, always in a process of its own so its cost is not the
// measured server's: wrk (one thread, bench/request.lua) when installed, else autocannon
// (bench/autocannon-load.ts). Both read the same parameter file and answer the same summary.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** One kind of request: {id}, {stage} and {note} in the path and body are drawn per request. */
export interface RequestPlan {
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  body: string;
  headers: Record<string, string>;
  ids: readonly string[];
  stages: readonly string[];
  /** Count a 200 answer whose body carries "errors" as failed. */
  graphql: boolean;
}

export interface LoadResult {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  non2xx: number;
  graphqlErrors: number;
  socketErrors: number;
}

export const loadGenerator: 'wrk' | 'autocannon' = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk answers its version with exit code 1; only a missing binary means it is not there.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
})();

/** Writes the plan in the line format bench/request.lua reads (and autocannon-load.ts parses). */
export function writePlan(file: string, plan: RequestPlan): string {
  const lines = [
    `method ${plan.method}`,
    `path ${plan.path}`,
    `body ${plan.body}`,
    `graphql ${plan.graphql ? 1 : 0}`,
    ...Object.entries(plan.headers).map(([name, value]) => `header ${name} ${value}`),
    ...plan.ids.map((id) => `id ${id}`),
    ...plan.stages.map((stage) => `stage ${stage}`),
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export async function runLoad(options: {
  url: string;
  planFile: string;
  seconds: number;
  connections: number;
}): Promise<LoadResult> {
  const { url, planFile, seconds, connections } = options;
  const [command, args] =
    loadGenerator === 'wrk'
      ? [
          'wrk',
          [
            '-t1',
            `-c${connections}`,
            `-d${seconds}s`,
            '--timeout',
            '10s',
            '-s',
            join(here, 'request.lua'),
            url,
            '--',
            planFile,
          ],
        ]
      : [
          process.execPath,
          ['--import', 'tsx', join(here, 'autocannon-load.ts'), url, planFile, String(seconds), String(connections)],
        ];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  const line = output.split('\n').find((text) => text.startsWith('BENCH '));
  if (code !== 0 || !line) throw new Error(`${command} failed (exit ${code}):\n${output}`);
  return JSON.parse(line.slice('BENCH '.length)) as LoadResult;
}
