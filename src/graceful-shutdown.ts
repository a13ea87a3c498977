// An HTTP server that stops without losing a request. When asked to stop it refuses new
// connections, answers every request it has received, each with `Connection: close` so keep-alive
// clients open no further request on a connection about to end, closes connections as they go
// quiet, and resolves once the last one is closed and the last handler done, or the grace ends.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long a connection with no request in flight stays open after the stop. A keep-alive client
 * may have sent its next request already (on its way, or unread in the socket's buffer): closing
 * at once would reset it. One that sends within this window is answered with `Connection: close`.
 */
export const QUIET_CONNECTION_MS = 1_000;

export interface GracefulServerOptions {
  /** The longest the stop waits for answers before it cuts the connections left. */
  graceMs: number;
  log?: (line: string) => void;
}

export interface GracefulServer {
  readonly server: Server;
  /** Stops as described above, logging `reason` once new connections are refused; every call answers the same promise. */
  stop(reason: string): Promise<void>;
}

interface Connection {
  /** Responses not yet finished (more than one only when a client pipelines). */
  readonly open: Set<ServerResponse>;
  quiet?: NodeJS.Timeout;
}

export function gracefulServer(
  handle: (request: IncomingMessage, response: ServerResponse) => unknown,
  { graceMs, log = console.log }: GracefulServerOptions,
): GracefulServer {
  const connections = new Map<Socket, Connection>();
  // Handlers still running: a client may hang up before its handler is done, which closes its
  // connection while work is in flight (and the caller's cleanup would close the database under it).
  const handlers = new Set<Promise<unknown>>();
  let stopping: Promise<void> | undefined;

  const closeWhenQuiet = (socket: Socket, connection: Connection) => {
    clearTimeout(connection.quiet);
    connection.quiet = setTimeout(() => socket.end(), QUIET_CONNECTION_MS);
  };

  const server = createServer((request, response) => {
    const handled = Promise.resolve(handle(request, response));
    handlers.add(handled);
    void handled.finally(() => handlers.delete(handled));
  });
  server.on('connection', (socket: Socket) => {
    const connection: Connection = { open: new Set() };
    connections.set(socket, connection);
    socket.on('close', () => {
      clearTimeout(connection.quiet);
      connections.delete(socket);
    });
    if (stopping) closeWhenQuiet(socket, connection);
  });
  // Before the handler, so the header is there whatever the handler writes.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const connection = connections.get(request.socket);
    if (!connection) return;
    connection.open.add(response);
    clearTimeout(connection.quiet);
    if (stopping) response.setHeader('connection', 'close');
    response.on('close', () => {
      connection.open.delete(response);
      // Its answer went out before the stop said to close: the client may send again.
      if (stopping && connection.open.size === 0 && !request.socket.destroyed) {
        closeWhenQuiet(request.socket, connection);
      }
    });
  });

  const drain = async (reason: string) => {
    // net.Server's close, not http.Server's: the latter also destroys every connection without a
    // request being parsed, including those whose next request sits unread in the socket's
    // buffer, which their clients see as a reset. Resolves when the last connection has closed.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const inFlight = [...connections.values()].reduce((sum, connection) => sum + connection.open.size, 0);
    log(`${reason}: refusing new connections; answering ${inFlight} request(s) in flight, then exiting`);
    for (const [socket, connection] of connections) {
      for (const response of connection.open) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
      if (connection.open.size === 0) closeWhenQuiet(socket, connection);
    }
    let grace: NodeJS.Timeout | undefined;
    const graceOver = new Promise<true>((resolve) => (grace = setTimeout(() => resolve(true), graceMs)));
    // Once every connection is closed no request can start: the handlers left are the last.
    const answered = closed.then(() => Promise.allSettled(handlers)).then(() => false as const);
    const cut = await Promise.race([answered, graceOver]);
    clearTimeout(grace);
    if (cut) {
      log(`shutdown grace of ${graceMs} ms over: cutting ${connections.size} connection(s)`);
      for (const socket of connections.keys()) socket.destroy();
    }
  };

  return { server, stop: (reason) => (stopping ??= drain(reason)) };
}
