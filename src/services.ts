// Long-lived services, built once per gateway instance and shared by every request.
import type { Database } from './db/client.js';
import { ApiKeyService } from './modules/api-key/api-key.service.js';
import { IdempotencyService } from './modules/idempotency/idempotency.service.js';
import { createStageKeyLoader, type StageKeyLoader } from './modules/pipeline/stage-keys.js';

export interface Services {
  apiKeys: ApiKeyService;
  stageKeys: StageKeyLoader;
  idempotency: IdempotencyService;
}

export function createServices(db: Database, options: { apiKeyCacheTtlMs?: number } = {}): Services {
  return {
    apiKeys: new ApiKeyService(db.prisma, { cacheTtlMs: options.apiKeyCacheTtlMs }),
    stageKeys: createStageKeyLoader(db.prisma),
    idempotency: new IdempotencyService(db.prisma),
  };
}
