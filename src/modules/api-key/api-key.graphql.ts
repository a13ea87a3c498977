// GraphQL surface of API keys: a workspace manages its own keys. The secret is answered once, by
// createApiKey; nothing else exposes it or its hash. Rules live in the service.
import { builder } from '../../builder.js';
import { callerOf } from '../../context.js';
import type { ApiKeyService } from './api-key.service.js';

const ApiKey = builder.prismaObject('ApiKey', {
  description: 'A key that grants its scopes on one workspace. Only its public prefix is ever shown again.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', {
      description: '`gr_live_` and the first characters of the key: enough to recognise it.',
    }),
    scopes: t.exposeStringList('scopes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Recorded at most once a minute per gateway instance.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateApiKeyPayload = builder
  .objectRef<Awaited<ReturnType<ApiKeyService['create']>>>('CreateApiKeyPayload')
  .implement({
    fields: (t) => ({
      apiKey: t.field({ type: ApiKey, resolve: (created) => created.record }),
      key: t.string({
        description: 'The key itself. Answered this once: only its hash is stored.',
        resolve: (created) => created.rawKey,
      }),
    }),
  });

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.stringList({ required: true, description: 'Any of the permission names, e.g. `opportunities:read`.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'Must be in the future; without it the key never expires.' }),
  }),
});

builder.queryFields((t) => ({
  apiKeys: t.prismaField({
    type: ['ApiKey'],
    description: "The caller's workspace's keys, revoked ones included, oldest first.",
    authScopes: { scope: 'apikeys:read' },
    // ApiKey has no relations, so the selection Pothos offers adds nothing to the service's query.
    resolve: (_query, _root, _args, ctx) => ctx.services.apiKeys.list(callerOf(ctx).workspaceId),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreateApiKeyPayload,
    authScopes: { scope: 'apikeys:write' },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.apiKeys.create({ ...input, workspaceId: callerOf(ctx).workspaceId }),
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    description: 'Stops the key at once on this instance, within seconds on the others. Revoking twice is harmless.',
    authScopes: { scope: 'apikeys:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => ctx.services.apiKeys.revoke(callerOf(ctx).workspaceId, String(id)),
  }),
}));
