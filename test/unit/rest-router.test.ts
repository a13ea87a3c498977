// The REST router on its own, over a small schema served by Yoga (no database): each route's
// document is validated against the schema when the router is built, and a document the GraphQL
// endpoint refuses at run time is the gateway's bug, answered 500 in the API's envelope and
// logged, never a 400 that blames the client.
import { parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { RestApi } from '../../src/rest/rest-api.js';
import { useRestRoutes, type RestServerContext } from '../../src/rest/rest-router.js';
import type { RestRoute } from '../../src/rest/rest-route.js';
import { getRazeApi } from '../../src/vendors/getraze/getraze-api.js';
import { ruddrApi } from '../../src/vendors/ruddr/ruddr-api.js';

const served = createSchema({
  typeDefs: 'type Query { hello(name: String!): String! }',
  resolvers: { Query: { hello: (_: unknown, { name }: { name: string }) => `Hello, ${name}` } },
});
/** The same with a field the served schema lacks, as a route's document might expect. */
const expected = createSchema({ typeDefs: 'type Query { hello(name: String!): String!, goodbye: String! }' });

function route(document: string): RestRoute {
  return {
    method: 'GET',
    path: '/hello/:name',
    summary: 'Say hello',
    scope: 'greetings:read',
    operation: parse(document),
    operationName: 'Hello',
    variables: ({ params }) => ({ name: params.name }),
    respond: (data) => ({ greeting: data.hello ?? data.goodbye }),
    docs: { response: z.object({ greeting: z.string() }) },
  };
}

function gateway(apis: readonly RestApi[], schema = served) {
  return createYoga<RestServerContext>({
    schema: served,
    logging: false,
    plugins: [useRestRoutes(apis, { schema, hashKey: (key) => key })],
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('route documents', () => {
  it('refuses to build a router whose route asks what the schema does not have, naming the route', () => {
    const build = () => gateway([getRazeApi([route('query Hello($name: String!) { helo(name: $name) }')])]);
    expect(build).toThrow(
      /^GetRaze external API v1, GET \/hello\/:name: the GraphQL document does not fit the schema: Cannot query field "helo" on type "Query"/,
    );
    expect(() => gateway([ruddrApi([route('query Hello { hello }')])])).toThrow(
      /Ruddr workspace API, GET \/hello\/:name: .*argument "name" of type "String!" is required/,
    );
  });

  it('runs a valid route through the GraphQL endpoint', async () => {
    const yoga = gateway([getRazeApi([route('query Hello($name: String!) { hello(name: $name) }')])]);
    const response = await yoga.fetch('http://gateway.test/external/v1/hello/Ana');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ greeting: 'Hello, Ana' });
  });

  it('answers a document refused at run time with 500 in the envelope, and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const document = 'query Hello { goodbye }';
    const getRaze = gateway([getRazeApi([route(document)])], expected);
    const first = await getRaze.fetch('http://gateway.test/external/v1/hello/Ana');
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'Unexpected error.', details: {} },
    });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toContain('GET /hello/:name');

    const ruddr = gateway([ruddrApi([route(document)])], expected);
    const second = await ruddr.fetch('http://gateway.test/api/workspace/hello/Ana', {
      headers: { 'accept-language': 'pt-BR' },
    });
    expect(second.status).toBe(500);
    expect(await second.json()).toEqual({ status: 500, message: 'Erro inesperado.', errors: [] });
  });
});
