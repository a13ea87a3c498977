// The bench's database: a fresh PostgreSQL database `bench_<pid>` beside BENCH_DATABASE_URL,
// migrated, with one workspace, a key holding every scope and three sets of opportunities in the
// first open stage — one for the gateway, one for the server sending the gateway's statements bare
// (bench/gateway-statement-server.ts), and one for the raw server, which moves its own without
// history and so must not break the chains of the others that the history check reads.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrations.js';
import { ApiKeyService } from '../src/modules/api-key/api-key.service.js';
import { SCOPES } from '../src/modules/api-key/scopes.js';
import { newOpportunityId } from '../src/modules/opportunity/opportunity.service.js';
import { createWorkspace } from '../src/modules/workspace/workspace.service.js';

export const OPPORTUNITIES = 500;

export interface Fixture {
  /** The database's URL; with an application name, its backends can be told apart. */
  url(applicationName?: string): string;
  /** A connection to the server holding the database, for pg_stat_activity. */
  admin: pg.Client;
  rawKey: string;
  workspaceId: string;
  /** The key's id: the actor of the history and events the gateway's statements write. */
  actorId: string;
  openStages: ReadonlyArray<{ id: string; key: string }>;
  initialStageId: string;
  gatewayIds: readonly string[];
  statementIds: readonly string[];
  baselineIds: readonly string[];
  drop(): Promise<void>;
}

export async function createFixture(adminUrl: string): Promise<Fixture> {
  const name = `bench_${process.pid}`;
  const url = (applicationName?: string) => {
    const result = new URL(adminUrl);
    result.pathname = `/${name}`;
    if (applicationName) result.searchParams.set('application_name', applicationName);
    return result.toString();
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    const migrationPool = new pg.Pool({ connectionString: url(), max: 1 });
    await applyMigrations(new PrismaPg(migrationPool));
    await migrationPool.end();

    const db = await openDatabase({ kind: 'postgres', url: url() });
    try {
      const { workspace, pipeline } = await createWorkspace(db.prisma, 'Bench');
      const { record, rawKey } = await new ApiKeyService(db.prisma).create({
        workspaceId: workspace.id,
        name: 'bench',
        scopes: SCOPES,
      });
      const openStages = pipeline.stages.filter((stage) => stage.status === 'open');
      const initialStageId = openStages[0]!.id;
      const gatewayIds = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
      const statementIds = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
      const baselineIds = Array.from({ length: OPPORTUNITIES }, () => newOpportunityId());
      await db.prisma.opportunity.createMany({
        data: [...gatewayIds, ...statementIds, ...baselineIds].map((id) => ({
          id,
          workspaceId: workspace.id,
          name: `Bench ${id}`,
          pipelineId: pipeline.id,
          stageId: initialStageId,
        })),
      });
      // Planner statistics, as autovacuum keeps them on a live database: without them PostgreSQL
      // plans the gateway's statements on guesses (measured: 2–3 ms of database CPU per request
      // on a fresh fixture, under 1 ms on the same statements once analysed).
      await db.prisma.$executeRawUnsafe('ANALYZE');
      return {
        url,
        admin,
        rawKey,
        workspaceId: workspace.id,
        actorId: record.id,
        openStages,
        initialStageId,
        gatewayIds,
        statementIds,
        baselineIds,
        drop,
      };
    } finally {
      await db.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}
