// Prisma CLI configuration (Prisma 7 reads the connection URL from here, not from the schema).
// The project's own scripts (src/db/migrations.ts) do not need the CLI; this file is for users
// who have the CLI's native engines and prefer `prisma migrate deploy`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
