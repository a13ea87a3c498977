// Demo data for a fresh database: a workspace with the default pipeline, two users, a dozen
// opportunities over every stage (among them `opp_abc123def456`, which the REST documentation's
// examples use) and a development key holding every scope. Used by `npm run db:seed` and by the
// server's first start on an embedded database.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PrismaClient } from './generated/prisma/client.js';
import { hashKey } from './modules/api-key/api-key.service.js';
import { SCOPES } from './modules/api-key/scopes.js';
import { createWorkspace } from './modules/workspace/workspace.service.js';
import type { Services } from './services.js';
import { MEMORY_DATA_DIR } from './db/client.js';

export const DEMO_WORKSPACE = 'Demo';

const USERS = [
  { id: 'usr_demo00000001', name: 'Ana Ribeiro', email: 'ana@example.com' },
  { id: 'usr_demo00000002', name: 'Bruno Costa', email: 'bruno@example.com' },
] as const;

interface DemoOpportunity {
  id: string;
  name: string;
  email: string;
  phone?: string;
  company: string;
  jobTitle?: string;
  dealValue: string;
  dealCurrency: string;
  stage: string;
  notes?: string;
  user: 0 | 1;
}

const OPPORTUNITIES: readonly DemoOpportunity[] = [
  {
    id: 'opp_abc123def456',
    name: 'John Doe',
    email: 'john@example.com',
    phone: '+55 11 98765-4321',
    company: 'Acme Inc',
    jobTitle: 'CTO',
    dealValue: '50000.00',
    dealCurrency: 'BRL',
    stage: 'qualified',
    notes: 'Interested in the annual plan.',
    user: 0,
  },
  {
    id: 'opp_demo00000001',
    name: 'Mariana Alves',
    email: 'mariana@globex.example',
    company: 'Globex',
    dealValue: '12000.00',
    dealCurrency: 'BRL',
    stage: 'new',
    user: 0,
  },
  {
    id: 'opp_demo00000002',
    name: 'Peter Smith',
    email: 'peter@initech.example',
    company: 'Initech',
    dealValue: '8500.00',
    dealCurrency: 'USD',
    stage: 'new',
    user: 1,
  },
  {
    id: 'opp_demo00000003',
    name: 'Lucas Pereira',
    email: 'lucas@umbrella.example',
    company: 'Umbrella',
    jobTitle: 'Head of Sales',
    dealValue: '23000.00',
    dealCurrency: 'BRL',
    stage: 'contacted',
    user: 1,
  },
  {
    id: 'opp_demo00000004',
    name: 'Sofia Martins',
    email: 'sofia@hooli.example',
    company: 'Hooli',
    dealValue: '15750.50',
    dealCurrency: 'EUR',
    stage: 'contacted',
    user: 0,
  },
  {
    id: 'opp_demo00000005',
    name: 'Carla Gomes',
    email: 'carla@stark.example',
    company: 'Stark Industries',
    dealValue: '40000.00',
    dealCurrency: 'BRL',
    stage: 'qualified',
    user: 1,
  },
  {
    id: 'opp_demo00000006',
    name: 'Rafael Lima',
    email: 'rafael@wayne.example',
    company: 'Wayne Enterprises',
    jobTitle: 'CFO',
    dealValue: '98000.00',
    dealCurrency: 'BRL',
    stage: 'proposal',
    user: 0,
  },
  {
    id: 'opp_demo00000007',
    name: 'Emma Brown',
    email: 'emma@soylent.example',
    company: 'Soylent',
    dealValue: '30000.00',
    dealCurrency: 'USD',
    stage: 'proposal',
    user: 1,
  },
  {
    id: 'opp_demo00000008',
    name: 'Gabriel Rocha',
    email: 'gabriel@tyrell.example',
    company: 'Tyrell',
    dealValue: '150000.00',
    dealCurrency: 'BRL',
    stage: 'negotiation',
    notes: 'Legal is reviewing the contract.',
    user: 0,
  },
  {
    id: 'opp_demo00000009',
    name: 'Julia Fernandes',
    email: 'julia@cyberdyne.example',
    company: 'Cyberdyne',
    dealValue: '64000.00',
    dealCurrency: 'BRL',
    stage: 'negotiation',
    user: 1,
  },
  {
    id: 'opp_demo00000010',
    name: 'Pedro Nunes',
    email: 'pedro@massive.example',
    company: 'Massive Dynamic',
    dealValue: '72000.00',
    dealCurrency: 'BRL',
    stage: 'won',
    user: 0,
  },
  {
    id: 'opp_demo00000011',
    name: 'Laura Dias',
    email: 'laura@oscorp.example',
    company: 'Oscorp',
    dealValue: '18000.00',
    dealCurrency: 'BRL',
    stage: 'lost',
    notes: 'Chose a competitor.',
    user: 1,
  },
];

/** True when the database holds no workspace: nothing to lose by seeding it. */
export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.workspace.findFirst({ select: { id: true } })) === null;
}

/** Writes the demo data; answers the workspace and the development key (shown only here). */
export async function seedDemo(prisma: PrismaClient, services: Services) {
  const { workspace, pipeline } = await createWorkspace(prisma, DEMO_WORKSPACE);
  await prisma.user.createMany({ data: USERS.map((user) => ({ ...user, workspaceId: workspace.id })) });
  const now = new Date();
  await prisma.opportunity.createMany({
    data: OPPORTUNITIES.map(({ stage: key, user, ...fields }) => {
      const stage = pipeline.stages.find((candidate) => candidate.key === key);
      if (!stage) throw new Error(`the default pipeline has no stage ${key}`);
      return {
        ...fields,
        workspaceId: workspace.id,
        pipelineId: pipeline.id,
        stageId: stage.id,
        responsibleUserId: USERS[user].id,
        wonAt: stage.status === 'won' ? now : null,
        lostAt: stage.status === 'lost' ? now : null,
      };
    }),
  });
  const { rawKey } = await services.apiKeys.create({
    workspaceId: workspace.id,
    name: 'Development key',
    scopes: SCOPES,
  });
  return { workspace, key: rawKey };
}

/**
 * Where the development key of an embedded database is kept: next to its folder (`.data/dev-key.txt`
 * by default, git-ignored), since the database holds only its hash. None for an in-memory one.
 */
export function devKeyPath(dataDir: string): string | undefined {
  return dataDir === MEMORY_DATA_DIR ? undefined : join(dirname(resolve(dataDir)), 'dev-key.txt');
}

export function saveDevKey(dataDir: string, key: string): void {
  const path = devKeyPath(dataDir);
  if (path) writeFileSync(path, `${key}\n`, { mode: 0o600 });
}

/**
 * For the server's start on an embedded database: seeds it when empty, and answers the development
 * key to print while that key still works (a revoked or expired one, or a file left from another
 * database, is not worth printing).
 */
export async function embeddedDevKey(
  prisma: PrismaClient,
  services: Services,
  dataDir: string,
): Promise<{ key: string; seeded: boolean; path: string | undefined } | undefined> {
  const path = devKeyPath(dataDir);
  if (await isEmpty(prisma)) {
    const { key } = await seedDemo(prisma, services);
    saveDevKey(dataDir, key);
    return { key, seeded: true, path };
  }
  const key = path && existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
  if (!key) return undefined;
  const record = await prisma.apiKey.findUnique({ where: { secretHash: hashKey(key) } });
  const usable = record && !record.revokedAt && (!record.expiresAt || record.expiresAt.getTime() > Date.now());
  return usable ? { key, seeded: false, path } : undefined;
}
