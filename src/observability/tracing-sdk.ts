// The OpenTelemetry side of src/observability/tracing.ts, loaded only when tracing is on: a tracer
// provider of its own, the request's server span (made active, so everything the request does is
// its child), spans for parse, validate and context building, @envelop/opentelemetry's execute
// span, and Prisma's spans for every query and database statement.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Plugin } from 'graphql-yoga';
import type { ObservedServerContext } from './request-record.js';

export interface Tracing {
  /** Spans for each request, its GraphQL phases and (through Prisma) each database statement. */
  plugin: Plugin<Record<string, unknown>, ObservedServerContext>;
  /** Sends the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

export const REQUEST_ID_ATTRIBUTE = 'gateway.request_id';

/** How long stopping waits for the last spans to be exported. */
const SHUTDOWN_WAIT_MS = 2_000;

export interface TracingOptions {
  serviceName: string;
  exporter: SpanExporter;
  /** Export in batches (production); off, each span is exported when it ends (tests). */
  batch: boolean;
}

export function otlpExporter(): SpanExporter {
  // Reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS, _TRACES_ENDPOINT) like every OpenTelemetry SDK.
  return new OTLPTraceExporter();
}

let globalsSet = false;

/** Context propagation across awaits, and W3C traceparent: process-wide, set once. */
function setGlobals(): void {
  if (globalsSet) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  globalsSet = true;
}

/** Reads a request's headers for propagation.extract. */
const requestHeaders: TextMapGetter<Request> = {
  keys: (request) => [...request.headers.keys()],
  get: (request, key) => request.headers.get(key) ?? undefined,
};

export function createTracing({ serviceName, exporter, batch }: TracingOptions): Tracing {
  setGlobals();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [batch ? new BatchSpanProcessor({ exporter }) : new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('pipeline-gateway');
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  const spans = new WeakMap<Request, Span>();

  /** A span around a synchronous or asynchronous phase, active while it runs. */
  const phase =
    (name: string) =>
    <T>(_payload: unknown, wrapped: () => T): T =>
      tracer.startActiveSpan(name, (span) => {
        try {
          return wrapped();
        } finally {
          span.end();
        }
      });

  return {
    plugin: {
      instrumentation: {
        request({ request }, wrapped) {
          // A caller's traceparent makes this request part of its trace.
          const parent = propagation.extract(context.active(), request, requestHeaders);
          const span = tracer.startSpan(
            request.method,
            { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
            parent,
          );
          spans.set(request, span);
          return context.with(trace.setSpan(parent, span), wrapped);
        },
        parse: phase('graphql.parse'),
        validate: phase('graphql.validate'),
        context: phase('graphql.context'),
      },
      onPluginInit({ addPlugin }) {
        // Its context type carries a private symbol that Yoga's plugin type does not know of.
        const execute = useOpenTelemetry(
          { resolvers: false, variables: false, result: false, document: false },
          provider,
        ) as unknown as Plugin<Record<string, unknown>>;
        addPlugin(execute);
      },
      onResponse({ request, response, serverContext }) {
        const span = spans.get(request);
        if (!span) return;
        spans.delete(request);
        const { record } = serverContext;
        if (record?.route) {
          span.updateName(`${request.method} ${record.route}`);
          span.setAttribute('http.route', record.route);
        }
        if (record) span.setAttribute(REQUEST_ID_ATTRIBUTE, record.id);
        if (record?.operation) span.setAttribute('graphql.operation.name', record.operation);
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    },
    async shutdown() {
      prisma.disable();
      // A collector that does not answer must not hold the exit: what it has not taken by then is lost.
      await Promise.race([provider.shutdown(), sleep(SHUTDOWN_WAIT_MS, undefined, { ref: false })]);
    },
  };
}
