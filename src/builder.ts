// The Pothos builder and its plugins: configuration only. Types live in src/modules/*/*.graphql.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';
import type { Prisma } from './generated/prisma/client.js';
import type { GatewayContext } from './context.js';
import { forbidden, unauthenticated, validationError } from './errors.js';
import type { Scope } from './modules/api-key/scopes.js';
import { fieldErrorsFromIssues } from './graphql/validation.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; scope: Scope };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Decimal: { Input: Prisma.Decimal; Output: Prisma.Decimal | string };
    EmailAddress: { Input: string; Output: string };
    Currency: { Input: string; Output: string };
    UUID: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.auth.ok,
      scope: (scope) => ctx.auth.ok && ctx.auth.key.scopes.has(scope),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (!ctx.auth.ok) return unauthenticated(ctx.auth.reason);
      const failure = result.failure;
      const scope =
        failure.kind === 'AuthScope' && failure.scope === 'scope' ? String(failure.parameter) : 'unknown';
      return forbidden(scope);
    },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  validation: {
    validationError: (result) => validationError(fieldErrorsFromIssues(result.issues)),
  },
});

builder.queryType({});
builder.mutationType({});
