// A real webhook receiver on an ephemeral port: records every POST and answers what the test says,
// when it says (a held answer is a receiver that takes a request and does not answer it yet).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function startReceiver(port = 0) {
  const received: Received[] = [];
  /** The status to answer a request to `path` with (200 unless set); a promise holds the answer back. */
  const answers = new Map<string, (request: Received) => number | Promise<number>>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      void Promise.resolve(answers.get(entry.path)?.(entry) ?? 200).then((status) => {
        response.statusCode = status;
        response.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${listening}${path}`,
    received,
    at: (path: string) => received.filter((entry) => entry.path === path),
    answer: (path: string, status: (request: Received) => number | Promise<number>) => answers.set(path, status),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests held without an answer would keep it open.
        server.closeAllConnections();
      }),
  };
}

/** Polls until `check` answers a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  /** What is awaited; a function is asked when the time is up (a server's log by then). */
  what: string | (() => string),
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
