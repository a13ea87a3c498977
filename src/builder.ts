// The Pothos builder and its plugins: configuration only. Types live in src/modules/*/*.graphql.ts.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';
import type { Prisma } from './generated/prisma/client.js';
import type { GatewayContext } from './context.js';
import { forbidden, unauthenticated, validationError } from './errors.js';
import type { Scope } from './modules/api-key/scopes.js';
import { fieldErrorsFromIssues } from './graphql/validation.js';
import { fieldCost } from './graphql/query-limits.js';

/** The permission a failed scope check asked for (the failure may be nested in any/all groups). */
function missingScope(failure: AuthFailure): string | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope && failure.scope === 'scope') return String(failure.parameter);
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.map(missingScope).find(Boolean);
  }
  return undefined;
}

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; scope: Scope };
  // Fields are non-null unless they say otherwise: clients get precise types.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Decimal: { Input: Prisma.Decimal; Output: Prisma.Decimal | string };
    EmailAddress: { Input: string; Output: string };
    Currency: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Subscriptions are refused when they start, not event by event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.auth.ok,
      scope: (scope) => ctx.auth.ok && ctx.auth.key.scopes.has(scope),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (!ctx.auth.ok) return unauthenticated(ctx.auth.reason);
      return forbidden(missingScope(result.failure) ?? 'unknown');
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
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
  // Costs only: the limit is enforced before execution, with the request's variables (src/graphql/query-limits.ts).
  complexity: { fieldComplexity: (args, _context, field) => fieldCost(args, field) },
  validation: {
    validationError: (result) => validationError(fieldErrorsFromIssues(result.issues)),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
