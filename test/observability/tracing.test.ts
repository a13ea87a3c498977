// Traces through the real handler and database, exported to OpenTelemetry's in-memory exporter:
// one server span per request named by its route template and carrying the request id, the
// GraphQL phases and Prisma's database spans inside it, in the same trace.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracing, REQUEST_ID_ATTRIBUTE } from '../../src/observability/tracing-sdk.js';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';

const exporter = new InMemorySpanExporter();
// Created before the gateway's database opens, as the server does.
const gateway = useGateway({}, { tracing: createTracing({ serviceName: 'gateway-test', exporter, batch: false }) });
let gw: TestGateway;
beforeAll(() => {
  gw = gateway();
});
beforeEach(() => exporter.reset());

function serverSpan(spans: readonly ReadableSpan[], requestId: string): ReadableSpan {
  const found = spans.filter((span) => span.attributes[REQUEST_ID_ATTRIBUTE] === requestId);
  expect(found.map((span) => span.name)).toHaveLength(1);
  return found[0]!;
}

/** Every span below `root` (children, their children, …). */
function descendants(spans: readonly ReadableSpan[], root: ReadableSpan): ReadableSpan[] {
  const below: ReadableSpan[] = [];
  const parents = new Set([root.spanContext().spanId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const span of spans) {
      const parent = span.parentSpanContext?.spanId;
      if (parent && parents.has(parent) && !parents.has(span.spanContext().spanId)) {
        parents.add(span.spanContext().spanId);
        below.push(span);
        grew = true;
      }
    }
  }
  return below;
}

describe('traces', () => {
  it('a GraphQL request: its server span with the request id, the phases and the database statements inside', async () => {
    const { key } = await gw.workspace();
    exporter.reset();
    const response = await gw.graphql('query Pipelines { pipelines { name stages { key } } }', {}, key, {
      'x-request-id': 'trace-graphql',
    });
    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const root = serverSpan(spans, 'trace-graphql');
    expect(root.name).toBe('POST /graphql');
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'Pipelines',
    });
    expect(root.resource.attributes['service.name']).toBe('gateway-test');
    const inside = descendants(spans, root);
    const names = inside.map((span) => span.name);
    for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.context']) expect(names).toContain(phase);
    expect(
      names.some((name) => /Pipelines/.test(name)),
      names.join(', '),
    ).toBe(true);
    // Prisma's spans: the query and the statements it sent.
    expect(names, names.join(', ')).toContain('prisma:client:db_query');
    expect(inside.every((span) => span.spanContext().traceId === root.spanContext().traceId)).toBe(true);
  });

  it('a REST request is named by its route template and joins the caller’s trace', async () => {
    const { key } = await gw.workspace();
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await rest(gw, 'GET', '/external/v1/opportunities/opp_zzzzzzzzzzzz', {
      key,
      headers: { 'x-request-id': 'trace-rest', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(404);
    const root = serverSpan(exporter.getFinishedSpans(), 'trace-rest');
    expect(root.name).toBe('GET /external/v1/opportunities/:id');
    expect(root.spanContext().traceId).toBe(traceId);
    expect(root.attributes['http.response.status_code']).toBe(404);
    expect(JSON.stringify(root.attributes)).not.toContain('opp_zzzzzzzzzzzz');
  });
});
