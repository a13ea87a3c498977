// Workspaces own every other record. A new workspace gets the default pipeline, whose stage keys
// are the `status` values of the GetRaze API.
import type { PrismaClient, StageStatus } from '../../generated/prisma/client.js';

export const DEFAULT_STAGES: ReadonlyArray<{
  key: string;
  name: string;
  status: StageStatus;
  probability: string;
  description: string;
}> = [
  { key: 'new', name: 'New', status: 'open', probability: '0.1', description: 'New lead, not yet contacted' },
  {
    key: 'contacted',
    name: 'Contacted',
    status: 'open',
    probability: '0.2',
    description: 'First contact has been made',
  },
  { key: 'qualified', name: 'Qualified', status: 'open', probability: '0.4', description: 'Lead has been qualified' },
  { key: 'proposal', name: 'Proposal', status: 'open', probability: '0.6', description: 'Proposal has been sent' },
  { key: 'negotiation', name: 'Negotiation', status: 'open', probability: '0.8', description: 'In active negotiation' },
  { key: 'won', name: 'Won', status: 'won', probability: '1', description: 'Deal closed successfully' },
  { key: 'lost', name: 'Lost', status: 'lost', probability: '0', description: 'Deal lost' },
];

/** The default stages, ready for a nested `stages: { create }` of a pipeline (which sets the workspace). */
export function defaultStageRows() {
  return DEFAULT_STAGES.map((stage, position) => ({ ...stage, position }));
}

export async function createWorkspace(prisma: PrismaClient, name: string) {
  const workspace = await prisma.workspace.create({ data: { name } });
  const pipeline = await prisma.pipeline.create({
    data: {
      workspaceId: workspace.id,
      name: 'Sales pipeline',
      isDefault: true,
      stages: { create: defaultStageRows() },
    },
    include: { stages: { orderBy: { position: 'asc' } } },
  });
  return { workspace, pipeline };
}
