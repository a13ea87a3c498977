// OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Unset, nothing of the
// OpenTelemetry SDK is even loaded (the SDK lives in ./tracing-sdk.ts, imported on demand), so a
// gateway without a collector pays nothing for it.
import type { Tracing } from './tracing-sdk.js';

export type { Tracing };

/** Traces to the OTLP/HTTP collector the standard OTEL_EXPORTER_OTLP_* variables name. */
export async function startTracing(serviceName: string): Promise<Tracing> {
  const { createTracing, otlpExporter } = await import('./tracing-sdk.js');
  return createTracing({ serviceName, exporter: otlpExporter(), batch: true });
}
