// The gateway under test: the real Yoga handler over a real database, called through `yoga.fetch`.
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createServices, type Services } from '../../src/services.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { SCOPES, type Scope } from '../../src/modules/api-key/scopes.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/yoga.js';
import { openTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }>;
  };
}

/**
 * The X-Request-Id every test request sends unless it says otherwise, so error bodies (which
 * repeat it) are the same from one run to the next and can be compared whole.
 */
export const TEST_REQUEST_ID = 'test-request';

export class TestGateway {
  constructor(
    readonly yoga: Gateway,
    readonly db: Database,
    readonly services: Services,
    readonly database: TestDatabase,
  ) {}

  get prisma() {
    return this.db.prisma;
  }

  /** A new workspace with the default pipeline, and a key for it (every scope unless told). */
  async workspace(options: { scopes?: readonly Scope[]; name?: string } = {}) {
    const { workspace, pipeline } = await createWorkspace(
      this.prisma,
      options.name ?? `Workspace ${Math.random().toString(36).slice(2, 10)}`,
    );
    const { rawKey } = await this.services.apiKeys.create({
      workspaceId: workspace.id,
      name: 'test key',
      scopes: options.scopes ?? SCOPES,
    });
    const stage = (key: string) => {
      const found = pipeline.stages.find((s) => s.key === key);
      if (!found) throw new Error(`no stage ${key}`);
      return found;
    };
    return { workspace, pipeline, stage, key: rawKey };
  }

  /** A key with other scopes for an existing workspace. */
  async key(workspaceId: string, scopes: readonly Scope[]) {
    return (await this.services.apiKeys.create({ workspaceId, name: 'scoped key', scopes })).rawKey;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('x-request-id')) headers.set('x-request-id', TEST_REQUEST_ID);
    return this.yoga.fetch(`http://gateway.test${path}`, { ...init, headers });
  }

  async graphql<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
    query: string,
    variables: Record<string, unknown> = {},
    key?: string,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await this.fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
  }
}

/** One gateway per test file, on its own clean database. */
/** Gateway options a test may set besides its database and services (a rate limiter, tracing). */
type ExtraGatewayOptions = Omit<GatewayOptions, 'db' | 'services'>;

export function useGateway(
  options: Parameters<typeof createServices>[1] = {},
  gatewayOptions: ExtraGatewayOptions = {},
): () => TestGateway {
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    const database = await openTestDatabase();
    const services = createServices(database.db, options);
    // Every document compiled from its first run, so the suite checks what serves hot documents
    // (test/graphql/jit-execution.test.ts checks the first run on graphql-js against it).
    const yoga = createGateway({ db: database.db, services, logging: false, compileOnRun: 1, ...gatewayOptions });
    gateway = new TestGateway(yoga, database.db, services, database);
  });
  afterAll(async () => {
    await gateway?.yoga.dispose();
    await gateway?.services.close();
    await gateway?.database.drop();
  });
  return () => {
    if (!gateway) throw new Error('gateway not ready: call inside a test');
    return gateway;
  };
}
