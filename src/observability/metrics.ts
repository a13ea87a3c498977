// The gateway's Prometheus metrics, in a registry of its own (one per gateway, so tests and a
// second instance in one process never collide). Every label is bounded: routes are templates,
// operation names are capped (see OperationLabels), codes and sources come from the code.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestSource } from '../context.js';
import type { PoolStats } from '../db/client.js';

/** Seconds: from a cached read (~1 ms) to a request stuck behind the pool's 5 s timeout. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const OTHER_OPERATION = 'other';

/**
 * GraphQL operation names are chosen by clients, so as labels they are capped: the first `max`
 * distinct names sent by authenticated callers keep their own series, every later one (and any
 * name from an unauthenticated request) is counted as `other`.
 */
export class OperationLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  label(name: string | undefined, authenticated: boolean): string {
    if (name === undefined) return '';
    if (this.seen.has(name)) return name;
    if (!authenticated || this.seen.size >= this.max) return OTHER_OPERATION;
    this.seen.add(name);
    return name;
  }
}

export interface RequestObservation {
  method: string;
  route: string;
  operation: string;
  status: number;
  seconds: number;
  errorCodes: readonly string[] | undefined;
}

export interface GatewayMetricsOptions {
  /** Node process metrics (CPU, memory, event loop, GC); off for gateways built by tests. */
  processMetrics?: boolean;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new OperationLabels();
  private readonly requestDuration: Histogram<'method' | 'route' | 'operation' | 'status'>;
  private readonly errors: Counter<'code'>;
  private readonly rateLimitRefusals: Counter;
  private readonly stageMoves: Counter<'source'>;
  private readonly pools = new Set<() => PoolStats>();

  constructor({ processMetrics = true }: GatewayMetricsOptions = {}) {
    const registers = [this.registry];
    this.requestDuration = new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template (REST) or path, GraphQL operation and status.',
      labelNames: ['method', 'route', 'operation', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'gateway_errors_total',
      help: 'Errors answered, by code (GraphQL extensions.code; for REST, the shared code before renaming).',
      labelNames: ['code'],
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'gateway_rate_limit_refusals_total',
      help: 'REST requests refused for exceeding the rate limit.',
      registers,
    });
    this.stageMoves = new Counter({
      name: 'gateway_stage_moves_total',
      help: 'Opportunities moved to another stage, by entry point.',
      labelNames: ['source'],
      registers,
    });
    const pools = this.pools;
    const poolSum = (read: (stats: PoolStats) => number) => {
      let sum = 0;
      for (const stats of pools) sum += read(stats());
      return sum;
    };
    new Gauge({
      name: 'gateway_db_pool_connections',
      help: 'PostgreSQL pool connections, by state (in_use: lent to a query; idle: open, waiting for one).',
      labelNames: ['state'],
      registers,
      collect() {
        this.set(
          { state: 'in_use' },
          poolSum((stats) => stats.total - stats.idle),
        );
        this.set(
          { state: 'idle' },
          poolSum((stats) => stats.idle),
        );
      },
    });
    new Gauge({
      name: 'gateway_db_pool_waiting',
      help: 'Queries waiting for a PostgreSQL pool connection.',
      registers,
      collect() {
        this.set(poolSum((stats) => stats.waiting));
      },
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Reports a pool's state at every scrape until the returned function is called. */
  watchPool(stats: () => PoolStats): () => void {
    this.pools.add(stats);
    return () => this.pools.delete(stats);
  }

  observeRequest({ method, route, operation, status, seconds, errorCodes }: RequestObservation): void {
    this.requestDuration.observe({ method, route, operation, status }, seconds);
    if (!errorCodes) return;
    for (const code of errorCodes) {
      this.errors.inc({ code });
      if (code === 'RATE_LIMIT_EXCEEDED') this.rateLimitRefusals.inc();
    }
  }

  stageMoved(source: RequestSource): void {
    this.stageMoves.inc({ source });
  }
}
