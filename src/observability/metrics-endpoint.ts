// GET /metrics on the gateway's own port (unless METRICS_PORT moves it: metrics-server.ts). The
// GraphQL phase timings of @graphql-yoga/plugin-prometheus are not kept: its hooks cost about 5 %
// of the CPU of a request (measured), and the request-duration histogram, labelled by operation,
// already times what the phases add up to.
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';

export function useMetricsEndpoint(metrics: GatewayMetrics, endpoint = '/metrics'): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== endpoint) return;
      return metrics.registry
        .metrics()
        .then((body) =>
          endResponse(new fetchAPI.Response(body, { headers: { 'content-type': metrics.registry.contentType } })),
        );
    },
  };
}
