// OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Unset, nothing of the
// OpenTelemetry SDK is even loaded (the SDK lives in ./tracing-sdk.ts, imported on demand), so a
// gateway without a collector pays nothing for it.
import type { Plugin } from 'graphql-yoga';
import type { ServerContext } from '../yoga.js';

export interface Tracing {
  /** Spans for each request, its GraphQL phases and (through Prisma) each database statement. */
  plugin: Plugin<Record<string, unknown>, ServerContext>;
  /** Sends the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

/** Traces to the OTLP/HTTP collector the standard OTEL_EXPORTER_OTLP_* variables name. */
export async function startTracing(serviceName: string): Promise<Tracing> {
  const { createTracing, otlpExporter } = await import('./tracing-sdk.js');
  return createTracing({ serviceName, exporter: otlpExporter(), batch: true });
}
