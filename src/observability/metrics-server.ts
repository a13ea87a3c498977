// /metrics on a port of its own (METRICS_PORT), for deployments that keep the scrape endpoint off
// the public one. Only GET /metrics is answered.
import { createServer, type Server } from 'node:http';
import type { Logger } from './logger.js';
import type { GatewayMetrics } from './metrics.js';

export function serveMetrics(metrics: GatewayMetrics, port: number, host: string, logger: Logger): Server {
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (error: unknown) => {
        logger.error({ err: error }, 'collecting metrics failed');
        response.writeHead(500).end();
      },
    );
  });
  server.listen(port, host);
  return server;
}
