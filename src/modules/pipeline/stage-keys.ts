// Stage keys by stage id, cached for the life of the process. A stage's key never changes after
// creation (no mutation or route edits it), so the cache needs no invalidation and every instance
// can keep its own; opportunities answer their `status` without joining the stage table.
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../generated/prisma/client.js';

export type StageKeyLoader = DataLoader<string, string>;

export function createStageKeyLoader(prisma: PrismaClient): StageKeyLoader {
  return new DataLoader<string, string>(
    async (ids) => {
      const stages = await prisma.opportunityStage.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, key: true },
      });
      const keys = new Map(stages.map((stage) => [stage.id, stage.key]));
      return ids.map((id) => keys.get(id) ?? new Error(`stage ${id} not found`));
    },
    { cacheMap: new LRUCache<string, Promise<string>>({ max: 50_000 }) },
  );
}
