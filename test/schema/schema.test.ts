import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printSchemaSdl, schemaSdlPath } from '../../scripts/schema-sdl.js';

it('schema.graphql is the printed schema', async () => {
  const stale = 'schema.graphql differs from src/schema.ts: run `npm run schema:print` and commit the file';
  expect(existsSync(schemaSdlPath), stale).toBe(true);
  expect(await readFile(schemaSdlPath, 'utf8'), stale).toBe(printSchemaSdl());
});
