// A request that stays in flight as long as a test wants: for graceful-shutdown tests.
import { Agent, request } from 'node:http';

/** A POST whose body is still on its way: the request is in flight until `finish` sends the rest. */
export function slowGraphqlRequest(url: string) {
  const body = JSON.stringify({ query: '{ __typename }' });
  const req = request(`${url}/graphql`, {
    method: 'POST',
    // Keep-alive, as browsers and load balancers do: once its response is sent the server must
    // close the idle connection itself, or the exit waits for SHUTDOWN_GRACE_MS.
    agent: new Agent({ keepAlive: true }),
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
  });
  req.write(body.slice(0, 5));
  return { response, finish: () => req.end(body.slice(5)) };
}
