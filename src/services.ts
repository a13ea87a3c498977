// Long-lived services, built once per gateway instance and shared by every request.
import type { Database } from './db/client.js';
import { ApiKeyService } from './modules/api-key/api-key.service.js';
import { createStageKeyLoader, type StageKeyLoader } from './modules/pipeline/stage-keys.js';

export interface Services {
  apiKeys: ApiKeyService;
  stageKeys: StageKeyLoader;
}

export function createServices(db: Database, options: { apiKeyCacheTtlMs?: number } = {}): Services {
  return {
    apiKeys: new ApiKeyService(db.prisma, { cacheTtlMs: options.apiKeyCacheTtlMs }),
    stageKeys: createStageKeyLoader(db.prisma),
  };
}
