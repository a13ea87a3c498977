// The gateway's schema as types (gql.tada): a route's GraphQL document written with `graphql` is
// checked by TypeScript against schema.graphql, through the introspection types generated into
// graphql-env.d.ts (`npm run graphql:env`; a test fails while that file is stale). The scalars are
// as they travel in JSON: Decimal as a string ("100000.10"), DateTime as an ISO string.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { ID: string; Decimal: string; DateTime: string; Currency: string; EmailAddress: string };
  // A route reads the fields its fragments select directly: it owns the fragments too.
  disableMasking: true;
}>();
