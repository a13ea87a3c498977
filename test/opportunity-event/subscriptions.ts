// Subscribing to opportunity events the ways clients do: the graphql-sse client (distinct
// connections) through the gateway's handler, and the graphql-ws client over a real WebSocket.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterEach } from 'vitest';
import { attachWebSocketSubscriptions, type WebSocketSubscriptions } from '../../src/subscriptions/websocket.js';
import type { Gateway } from '../../src/yoga.js';
import type { TestGateway } from '../support/gateway.js';

export const EVENTS = `subscription Events($pipelineId: ID, $after: ID) {
  opportunityEvents(pipelineId: $pipelineId, after: $after) {
    id type version opportunityId changedFields occurredAt
    opportunity { id version status }
    stageChange { fromStage { key } toStage { key } source version }
  } }`;

export interface EventResult {
  data?: { opportunityEvents: Record<string, any> } | null; // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary selections
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The results of one subscription, read one at a time; `close` ends it. */
export interface Subscription {
  next(): Promise<EventResult>;
  /** The results until the server ends the subscription. */
  rest(): Promise<EventResult[]>;
  close(): Promise<void>;
}

function reading(iterator: AsyncIterableIterator<EventResult>): Subscription {
  return {
    next: async () => {
      const result = await iterator.next();
      if (result.done) throw new Error('the subscription ended');
      return result.value;
    },
    rest: async () => {
      const results: EventResult[] = [];
      for await (const result of iterator) results.push(result);
      return results;
    },
    close: async () => {
      await iterator.return?.();
    },
  };
}

export type Variables = { pipelineId?: string; after?: string };

/** Over Server-Sent Events, as the graphql-sse client speaks it, through the gateway's handler. */
export function subscribeSse(
  yoga: Gateway,
  key: string,
  variables: Variables = {},
  headers: Record<string, string> = {},
): Subscription {
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => yoga.fetch(new Request(input, init));
  return subscribeSseAt('http://gateway.test/graphql', key, variables, headers, fetchFn);
}

/** Over Server-Sent Events to `url` (a gateway's /graphql), over the network unless given a `fetchFn`. */
export function subscribeSseAt(
  url: string,
  key: string,
  variables: Variables = {},
  headers: Record<string, string> = {},
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> = fetch,
): Subscription {
  const client = createSseClient({
    url,
    fetchFn,
    headers: { authorization: `Bearer ${key}`, ...headers },
    retryAttempts: 0,
  });
  return reading(client.iterate({ query: EVENTS, variables }) as AsyncIterableIterator<EventResult>);
}

/** A graphql-ws client of `url` (ws://…/graphql), the key in the connection parameters; `dispose` it. */
export function webSocketClient(url: string, key: string | undefined): WsClient {
  return createWsClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: key ? { Authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
  });
}

/** Over WebSocket, as the graphql-ws client speaks it. */
export function subscribeWsWith(client: WsClient, variables: Variables = {}): Subscription {
  return reading(client.iterate({ query: EVENTS, variables }) as AsyncIterableIterator<EventResult>);
}

/** A gateway listening on a port with its WebSocket endpoint, closed after each test. */
export function useListeningGateways() {
  const running: Array<{ server: Server; webSockets: WebSocketSubscriptions; clients: WsClient[] }> = [];
  afterEach(async () => {
    for (const { server, webSockets, clients } of running.splice(0)) {
      await Promise.all(clients.map(async (client) => client.dispose()));
      await webSockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return async (gw: TestGateway) => {
    const server = createServer(gw.yoga.requestListener);
    const webSockets = attachWebSocketSubscriptions(server, gw.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const entry = { server, webSockets, clients: [] as WsClient[] };
    running.push(entry);
    return {
      url: `http://127.0.0.1:${port}`,
      /** Over WebSocket, as the graphql-ws client speaks it, the key in the connection parameters. */
      subscribeWs(key: string | undefined, variables: Variables = {}): Subscription {
        const client = webSocketClient(`ws://127.0.0.1:${port}/graphql`, key);
        entry.clients.push(client);
        return subscribeWsWith(client, variables);
      },
    };
  };
}
