// `npm run schema:print`: writes schema.graphql from src/schema.ts. Run it after changing the
// GraphQL schema and commit the result; test/schema fails while the file is stale.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { printSchemaSdl, schemaSdlPath } from './schema-sdl.js';

await writeFile(schemaSdlPath, printSchemaSdl());
console.log(`wrote ${relative(process.cwd(), schemaSdlPath) || schemaSdlPath}`);
