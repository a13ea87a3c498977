// src/rest/graphql-env.d.ts is what gql.tada's CLI makes of schema.graphql (`npm run graphql:env`):
// while it is stale, TypeScript checks the REST routes' documents against an old schema.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { afterAll, expect, it } from 'vitest';

const committed = 'src/rest/graphql-env.d.ts';
const dir = await mkdtemp(join(tmpdir(), 'graphql-env-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('src/rest/graphql-env.d.ts is generated from schema.graphql', async () => {
  const output = join(dir, 'graphql-env.d.ts');
  await promisify(execFile)('node_modules/.bin/gql.tada', ['generate', 'output', '--output', output]);
  // Formatted as `npm run graphql:env` leaves it.
  const generated = await format(await readFile(output, 'utf8'), {
    ...(await resolveConfig(committed)),
    filepath: committed,
  });
  expect(await readFile(committed, 'utf8'), 'stale: run `npm run graphql:env` and commit the file').toBe(generated);
});
