// The GraphQL schema as SDL, the content of the committed schema.graphql. Shared by
// `npm run schema:print`, which writes it, and test/schema, which checks the file is current.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from '../src/schema.js';

export const schemaSdlPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');

export function printSchemaSdl(): string {
  return `${printSchema(schema)}\n`;
}
