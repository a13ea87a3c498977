// GraphQL over WebSocket (the graphql-ws protocol) at /graphql, on the HTTP server's own port.
// Every operation goes through the gateway's envelope (the same parse, validation, query limits,
// context, scopes, error masking and languages as over HTTP); the API key comes in the connection
// parameters as `Authorization: Bearer <key>`, the language as `Accept-Language`.
import type { Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Gateway } from '../yoga.js';

/** What the gateway's envelope hands to graphql-ws to run an operation with. */
interface Runners {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/** The gateway's envelope for one operation; Yoga types `getEnveloped`'s result as any. */
interface Enveloped extends Runners {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  contextFactory(): Promise<unknown>;
}

/** The connection parameters as the headers of a request, for the gateway's context and plugins. */
function requestOf(connectionParams: Readonly<Record<string, unknown>> | undefined, url: string): Request {
  const headers = new Headers();
  for (const name of ['Authorization', 'Accept-Language']) {
    const value = connectionParams?.[name] ?? connectionParams?.[name.toLowerCase()];
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(url, { method: 'POST', headers });
}

export interface WebSocketSubscriptions {
  /** Closes every connection (code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export function attachWebSocketSubscriptions(server: Server, gateway: Gateway): WebSocketSubscriptions {
  const wss = new WebSocketServer({ server, path: gateway.graphqlEndpoint });
  const served = useServer(
    {
      execute: (args) => (args.rootValue as Runners).execute(args) as never,
      subscribe: (args) => (args.rootValue as Runners).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const request = requestOf(ctx.connectionParams, `http://localhost${gateway.graphqlEndpoint}`);
        const { schema, execute, subscribe, contextFactory, parse, validate } = gateway.getEnveloped({
          request,
          params: payload,
        }) as Enveloped;
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          // A syntax error or a refused document (query limits): answered as an error message.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Runners,
        };
      },
    },
    wss,
  );
  return {
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await served.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
